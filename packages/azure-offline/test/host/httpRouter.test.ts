import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHttpRouter } from '../../src/host/httpRouter';
import type { RegisteredFunction } from '../../src/host/ports';

/** An httpTrigger registration shaped as toRegisteredFunction produces it. */
function httpFunction(name: string, route?: string, methods?: string[]): RegisteredFunction {
  return {
    name,
    triggerType: 'httpTrigger',
    bindings: [
      { name: `httpTrigger${name}`, type: 'httpTrigger', direction: 'in', ...(route === undefined ? {} : { route }), ...(methods ? { methods } : {}) },
      { name: '$return', type: 'http', direction: 'out' },
    ],
  };
}

const app: RegisteredFunction[] = [
  httpFunction('getItem', 'items/{id:int}', ['GET']),
  httpFunction('deleteItem', 'items/{id:int}', ['DELETE']),
  httpFunction('latest', 'items/latest', ['GET']),
  httpFunction('anyMethod', 'any'),
  httpFunction('byName'),
  { name: 'timer', triggerType: 'timerTrigger', bindings: [{ name: 't', type: 'timerTrigger', direction: 'in', schedule: '0 0 0 * * *' }] },
];
const router = createHttpRouter(app);

describe('createHttpRouter().match', () => {
  it.each([
    ['GET', '/items/3', { kind: 'found', fn: 'getItem', params: { id: '3' } }],
    ['delete', '/items/3', { kind: 'found', fn: 'deleteItem', params: { id: '3' } }],
    ['GET', '/items/latest', { kind: 'found', fn: 'latest', params: {} }],
    ['PATCH', '/items/3', { kind: 'methodNotAllowed', allowed: ['GET', 'DELETE'] }],
    ['DELETE', '/items/latest', { kind: 'methodNotAllowed', allowed: ['GET'] }],
    ['GET', '/items/x', { kind: 'notFound' }],
    ['PROPFIND', '/any', { kind: 'found', fn: 'anyMethod', params: {} }],
    ['GET', '/byname', { kind: 'found', fn: 'byName', params: {} }],
    ['GET', '/timer', { kind: 'notFound' }],
  ])('%s %s → %j', (method, path, expected) => {
    const match = router.match(method, path);
    expect(match.kind === 'found' ? { kind: match.kind, fn: match.fn.name, params: match.params } : match).toEqual(expected);
  });

  it('any method on a methodless route is found', () => {
    fc.assert(fc.property(fc.stringMatching(/^[A-Z]{3,10}$/), (method) => router.match(method, '/any').kind === 'found'));
  });
});

describe('createHttpRouter errors and warnings', () => {
  it.each([
    [[httpFunction('bad', 'a/{x')], "function 'bad': route 'a/{x': unterminated parameter"],
    [[{ ...httpFunction('bad'), bindings: [{ name: 't', type: 'httpTrigger', direction: 'in' as const, route: 5 }] }], "function 'bad': httpTrigger option 'route' must be a string"],
    [[{ ...httpFunction('bad'), bindings: [{ name: 't', type: 'httpTrigger', direction: 'in' as const, methods: 'GET' }] }], "function 'bad': httpTrigger option 'methods' must be an array of strings"],
  ])('%#: refuses a bad registration naming the function', (functions, message) => {
    expect(() => createHttpRouter(functions)).toThrow(message);
  });

  it.each([
    [[httpFunction('a', 'x/{id}', ['GET']), httpFunction('b', 'X/{other}', ['GET', 'POST'])], ["functions 'a' and 'b' both serve GET X/{other}: 'a' wins"]],
    [[httpFunction('a', 'x/{id}'), httpFunction('b', 'x/{id}', ['PUT'])], ["functions 'a' and 'b' both serve PUT x/{id}: 'a' wins"]],
    [[httpFunction('a', 'x/{id}', ['GET']), httpFunction('b', 'x/{id}', ['POST'])], []],
    [[httpFunction('a', 'x/{id:int}', ['GET']), httpFunction('b', 'x/{id:alpha}', ['GET'])], []],
  ])('%#: warns about unreachable routes', (functions, warnings) => {
    expect(createHttpRouter(functions).warnings).toEqual(warnings);
  });
});
