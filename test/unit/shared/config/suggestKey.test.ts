import fc from 'fast-check';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { catalogDocumentSchema } from '../../../../shared/config';
import { allowedKeysAt, closestKey } from '../../../../shared/config/suggestKey';

const REGION_KEYS = ['name', 'replicas', 'storageAccountType'];

describe('closestKey', () => {
  it.each<[string, string | undefined]>([
    ['replica', 'replicas'],
    ['Replicas', 'replicas'],
    ['nmae', 'name'],
    ['storageAcountType', 'storageAccountType'],
    ['region', undefined],
    ['x', undefined],
  ])('%s → %s', (key, expected) => {
    expect(closestKey(key, REGION_KEYS)).toBe(expected);
  });

  it('property: suggests only allowed keys, and an allowed key suggests itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 8 }), (key, allowed) => {
        const suggestion = closestKey(key, allowed);
        if (suggestion !== undefined) expect(allowed).toContain(suggestion);
        const own = allowed[0] ?? '';
        expect(closestKey(own, allowed)?.toLowerCase()).toBe(own.toLowerCase());
      }),
    );
  });
});

describe('allowedKeysAt', () => {
  it.each<[(string | number)[], string[]]>([
    [['images', 3, 'targetRegions', 0], REGION_KEYS],
    [['defaults', 'targetRegions', 1], REGION_KEYS],
    [['images', 0, 'baseImage'], ['type', 'publisher', 'offer', 'sku', 'version', 'imageId']],
    [['policy', 'leastPrivilege', 'allowedPrincipals', 0], ['principalId', 'roles', 'reason']],
    [['images', 0, 'tags'], []],
    [['nowhere'], []],
  ])('%j', (path, keys) => {
    expect(allowedKeysAt(catalogDocumentSchema, path)).toEqual(keys);
  });

  it('sees through optional, default and pipe wrappers', () => {
    const schema = z.strictObject({ a: z.strictObject({ b: z.int() }).optional().default({ b: 1 }) });
    expect(allowedKeysAt(schema, ['a'])).toEqual(['b']);
  });
});
