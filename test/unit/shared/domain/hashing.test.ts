import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, recipeSha256, vmIdHash } from '../../../../shared/domain/hashing';
import { anImage, vmIdOf } from '../../../support/builders';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: [2, { d: null, c: 'x' }] }, '{"a":[2,{"c":"x","d":null}],"b":1}'],
    [{ skipped: undefined, kept: true }, '{"kept":true}'],
    [[undefined, 1], '[null,1]'],
    ['text', '"text"'],
  ])('%j → %s', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('is independent of key order and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const reordered: unknown = JSON.parse(JSON.stringify(value, (_k, v: unknown) =>
          v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        ));
        expect(canonicalJson(reordered)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('recipeSha256 and vmIdHash', () => {
  it('changes with any step and not with key order', () => {
    const steps = anImage().customization;
    const reordered = steps.map((s) => Object.fromEntries(Object.entries(s).reverse()) as typeof s);
    expect(recipeSha256(reordered)).toBe(recipeSha256(steps));
    expect(recipeSha256(steps)).toMatch(/^[0-9a-f]{64}$/);
    expect(recipeSha256([...steps].reverse())).not.toBe(recipeSha256(steps));
  });

  it('hashes VM IDs case-insensitively to 16 hex', () => {
    const id = vmIdOf('VM-Golden');
    expect(vmIdHash(id)).toMatch(/^[0-9a-f]{16}$/);
    expect(vmIdHash(id.toUpperCase())).toBe(vmIdHash(id));
    expect(vmIdHash(id.replace('/resourceGroups/', '//resourceGroups/'))).toBe(vmIdHash(id));
    expect(vmIdHash(vmIdOf('vm-other'))).not.toBe(vmIdHash(id));
  });
});
