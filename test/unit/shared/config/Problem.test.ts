import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dedupeProblems, formatPath, parsePath, showValue } from '../../../../shared/config/Problem';

describe('formatPath / parsePath', () => {
  it.each<[(string | number)[], string]>([
    [['images', 2, 'targetRegions', 0, 'replicas'], 'images[2].targetRegions[0].replicas'],
    [['images', 0, 'tags', 'autopilot-retain'], 'images[0].tags.autopilot-retain'],
    [['images', 0, 'tags', 'cost center'], 'images[0].tags["cost center"]'],
    [['$schema'], '$schema'],
    [[0, 'a'], '[0].a'],
    [[], '(root)'],
  ])('%j ⇄ %s', (segments, text) => {
    expect(formatPath(segments)).toBe(text);
    expect(parsePath(text)).toEqual(segments.length === 0 ? undefined : segments);
  });

  it('prefixes a section path', () => {
    expect(formatPath(['replicas'], 'images[1].targetRegions[0]')).toBe('images[1].targetRegions[0].replicas');
    expect(formatPath([], 'gallery')).toBe('gallery');
  });

  it.each(['line 3, column 5', '(yaml)', '(file)', 'a..b', 'a['])('is not a data path: %s', (text) => {
    expect(parsePath(text)).toBeUndefined();
  });

  it('property: parsePath inverts formatPath for any non-empty path', () => {
    const segment = fc.oneof(fc.string({ minLength: 0, maxLength: 8 }), fc.nat({ max: 1000 }));
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
        expect(parsePath(formatPath(segments))).toEqual(segments);
      }),
    );
  });
});

describe('showValue', () => {
  it.each<[unknown, string]>([
    [undefined, 'nothing'],
    [null, 'null'],
    [0, '0'],
    ['x', '"x"'],
    [[1, 2], 'a list of 2'],
    [{ a: 1 }, 'a mapping'],
    [true, 'true'],
  ])('%j → %s', (value, text) => {
    expect(showValue(value)).toBe(text);
  });

  it('property: never longer than 80 characters and never multi-line', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const shown = showValue(value);
        expect(shown.length).toBeLessThanOrEqual(80);
        expect(shown).not.toMatch(/\n/);
      }),
    );
  });
});

describe('dedupeProblems', () => {
  it('keeps the first of equal problems and the order of the rest', () => {
    const a = { path: 'a', message: 'm' };
    const b = { path: 'b', message: 'm' };
    expect(dedupeProblems([a, b, { ...a }, { path: 'a', message: 'other' }])).toEqual([a, b, { path: 'a', message: 'other' }]);
  });
});
