import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRouteConstraint } from '../../src/host/routeConstraints';
import { compareRoutePrecedence, parseRouteTemplate } from '../../src/host/routeTemplate';

describe('parseRouteTemplate().match', () => {
  it.each([
    ['hello', 'hello', {}],
    ['hello', 'HELLO/', {}],
    ['hello', 'hello/x', undefined],
    ['/images/{image}/builds/', 'images/ubuntu-22/builds', { image: 'ubuntu-22' }],
    ['images/{image}/builds', 'images//builds', undefined],
    ['hello/{name?}', 'hello', {}],
    ['hello/{name?}', 'hello/ada', { name: 'ada' }],
    ['pages/{page=1}', 'pages', { page: '1' }],
    ['pages/{page=1}', 'pages/7', { page: '7' }],
    ['items/{id:int}', 'items/12', { id: '12' }],
    ['items/{id:int}', 'items/1.5', undefined],
    ['items/{id:int?}', 'items', {}],
    ['items/{id:int:min(10)}', 'items/9', undefined],
    ['items/{id:int:range(1,5)}', 'items/5', { id: '5' }],
    ['files/{*path}', 'files/a/b/c', { path: 'a/b/c' }],
    ['files/{*path}', 'files', {}],
    ['v{major}.{minor}/x', 'v1.2/x', { major: '1', minor: '2' }],
    ['docs/{name}.json', 'docs/catalog.schema.json', { name: 'catalog.schema' }],
    ['a/{x}', 'a/%E2%9C%93%2Fb', { x: '✓/b' }],
    ['a/{x}', 'a/%E0%A4%A', undefined],
    ['code/{c:regex(^[a-z]{{2}}$)}', 'code/ab', { c: 'ab' }],
    ['code/{c:regex(^[a-z]{{2}}$)}', 'code/abc', undefined],
    ['', '', {}],
  ])('%s matches %s → %j', (template, path, expected) => {
    expect(parseRouteTemplate(template).match(path)).toEqual(expected);
  });
});

describe('parseRouteTemplate errors name the template and the rule', () => {
  it.each([
    ['a/{x', 'unterminated parameter'],
    ['a/x}', "unmatched '}'"],
    ['a//b', 'empty segment'],
    ['a/{1x}', "parameter name '1x'"],
    ['a/{x}/{X}', "parameter 'X' appears twice"],
    ['{*rest}/a', 'catch-all parameter'],
    ['a/{x?}/b', 'may only be followed by optional parameters'],
    ['a/{x?}.json', 'must be a whole segment'],
    ['a/{x:nope}', "unknown route constraint 'nope'"],
    ['a/{x:min}', "'min' takes 1 argument"],
    ['a/{x:min(z)}', 'numeric arguments'],
    ['a/{x:int(3)}', 'takes no arguments'],
    ['a/{x:regex([)}', 'not a valid regular expression'],
    ['a?b', "must not contain '?'"],
  ])('%s → %s', (template, rule) => {
    expect(() => parseRouteTemplate(template)).toThrow(`route '${template}'`);
    expect(() => parseRouteTemplate(template)).toThrow(rule);
  });
});

describe('route constraints', () => {
  it.each([
    ['int', '2147483647', true],
    ['int', '2147483648', false],
    ['int', '-2147483648', true],
    ['long', '9223372036854775807', true],
    ['long', '9223372036854775808', false],
    ['bool', 'TRUE', true],
    ['bool', 'yes', false],
    ['alpha', 'abcXYZ', true],
    ['alpha', 'ab1', false],
    ['guid', '0f8fad5b-d9cb-469f-a165-70867728950e', true],
    ['guid', '{0f8fad5b-d9cb-469f-a165-70867728950e}', true],
    ['guid', '0f8fad5b-d9cb-469f-a165', false],
    ['double', '-1.5e3', true],
    ['decimal', '1.', true],
    ['float', 'NaN', false],
    ['datetime', '2026-01-01T00:00:00Z', true],
    ['datetime', 'yesterday', false],
    ['minlength(3)', 'abc', true],
    ['minlength(3)', 'ab', false],
    ['maxlength(2)', 'abc', false],
    ['length(2)', 'ab', true],
    ['length(2,4)', 'abcde', false],
    ['min(3)', '3', true],
    ['max(3)', '4', false],
    ['range(1,3)', '0', false],
    ['regex(^\\d+$)', '123', true],
  ])('%s accepts %s: %s', (constraint, value, accepted) => {
    expect(parseRouteConstraint(constraint)(value)).toBe(accepted);
  });

  it('int accepts exactly the 32-bit integers', () => {
    const int = parseRouteConstraint('int');
    fc.assert(fc.property(fc.bigInt({ min: -(2n ** 40n), max: 2n ** 40n }), (n) => int(n.toString()) === (n >= -(2n ** 31n) && n < 2n ** 31n)));
  });
});

const segment = fc.stringMatching(/^[a-z][a-z0-9_-]{0,11}$/);

describe('route properties', () => {
  it('a literal template matches itself in any letter case, and nothing longer', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), segment, (segments, extra) => {
        const path = segments.join('/');
        const route = parseRouteTemplate(path);
        expect(route.match(path.toUpperCase())).toEqual({});
        expect(route.match(`${path}/${extra}`)).toBeUndefined();
      }),
    );
  });

  it('a parameter receives any single-segment value, percent-decoded', () => {
    fc.assert(
      fc.property(segment, fc.string({ minLength: 1 }), (literal, value) => {
        const route = parseRouteTemplate(`${literal}/{value}`);
        expect(route.match(`${literal}/${encodeURIComponent(value)}`)).toEqual({ value });
      }),
    );
  });

  it('a catch-all receives the rest of the path verbatim', () => {
    fc.assert(
      fc.property(segment, fc.array(segment, { minLength: 1, maxLength: 4 }), (literal, rest) => {
        expect(parseRouteTemplate(`${literal}/{*rest}`).match(`${literal}/${rest.join('/')}`)).toEqual({ rest: rest.join('/') });
      }),
    );
  });

  it('literal beats constrained parameter beats parameter beats optional beats catch-all', () => {
    const ordered = ['x/latest', 'x/{id:int}', 'x/{id}', 'x/{id?}', 'x/{*rest}'].map(parseRouteTemplate);
    fc.assert(
      fc.property(fc.shuffledSubarray(ordered, { minLength: ordered.length }), (shuffled) => {
        expect([...shuffled].sort(compareRoutePrecedence).map((r) => r.template)).toEqual(ordered.map((r) => r.template));
      }),
    );
  });
});
