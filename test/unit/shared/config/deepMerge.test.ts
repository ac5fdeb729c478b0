import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepMerge, isPlainObject } from '../../../../shared/config/deepMerge';

describe('deepMerge', () => {
  it.each([
    ['mappings merge key by key', { a: 1, b: { c: 2, d: 3 } }, { b: { d: 4 }, e: 5 }, { a: 1, b: { c: 2, d: 4 }, e: 5 }],
    ['lists replace', { regions: ['a', 'b'] }, { regions: ['c'] }, { regions: ['c'] }],
    ['undefined never overrides', { a: 1 }, { a: undefined }, { a: 1 }],
    ['null overrides (it is a value: "no age limit")', { maxAgeDays: 30 }, { maxAgeDays: null }, { maxAgeDays: null }],
    ['a scalar replaces a mapping', { a: { b: 1 } }, { a: 2 }, { a: 2 }],
    ['a mapping replaces a scalar', { a: 2 }, { a: { b: 1 } }, { a: { b: 1 } }],
  ])('%s', (_name, base, override, expected) => {
    expect(deepMerge(base, override)).toEqual(expected);
  });

  it('keeps a __proto__ key as data instead of changing the prototype', () => {
    const override = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    const merged = deepMerge({}, override) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  const json = fc.jsonValue({ maxDepth: 3 });
  const mapping = fc.dictionary(fc.string({ maxLength: 4 }).filter((k) => k !== '__proto__'), json, { maxKeys: 5 });

  it('property: every key of the override wins at the leaves, every other key of the base survives', () => {
    fc.assert(
      fc.property(mapping, mapping, (base, override) => {
        const merged = deepMerge(base, override) as Record<string, unknown>;
        expect(Object.keys(merged).sort()).toEqual([...new Set([...Object.keys(base), ...Object.keys(override)])].sort());
        for (const [key, value] of Object.entries(override)) {
          if (!isPlainObject(value) || !isPlainObject(base[key])) expect(merged[key]).toEqual(value);
        }
        for (const key of Object.keys(base)) if (!(key in override)) expect(merged[key]).toEqual(base[key]);
      }),
    );
  });

  it('property: merging is idempotent and merging nothing is the identity', () => {
    fc.assert(
      fc.property(mapping, mapping, (a, b) => {
        const once = deepMerge(a, b);
        expect(deepMerge(once, b)).toEqual(once);
        expect(deepMerge(a, undefined)).toEqual(a);
        expect(deepMerge(a, {})).toEqual(a);
      }),
    );
  });

  it('property: never mutates its inputs', () => {
    fc.assert(
      fc.property(mapping, mapping, (a, b) => {
        const before = [structuredClone(a), structuredClone(b)];
        deepMerge(a, b);
        expect([a, b]).toEqual(before);
      }),
    );
  });
});
