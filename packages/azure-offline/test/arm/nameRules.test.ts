import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { apiVersionProblem, compareVersionNames, computerNameProblem, galleryNameProblem, imageNameProblem, versionNameProblem } from '../../src/arm/nameRules';

describe('ARM name rules', () => {
  it.each([
    ['1.0.0', true],
    ['2147483647.2147483647.2147483647', true],
    ['1.20261125.1', true],
    ['1.202611251200.1', false],
    ['1.0', false],
    ['1.0.0.0', false],
    ['1.0.-1', false],
    ['a.b.c', false],
    ['', false],
  ])('version name %s valid: %s', (name, valid) => {
    expect(versionNameProblem(name) === undefined).toBe(valid);
  });

  it.each([
    ['gallery_1.prod', true],
    ['g', true],
    ['my-gallery', false],
    ['_gallery', false],
    ['gallery.', false],
    ['g'.repeat(80), true],
    ['g'.repeat(81), false],
  ])('gallery name %s valid: %s', (name, valid) => {
    expect(galleryNameProblem(name) === undefined).toBe(valid);
  });

  it.each([
    ['ubuntu-24.04_base', true],
    ['-web', false],
    ['web-', false],
    ['web image', false],
  ])('image name %s valid: %s', (name, valid) => {
    expect(imageNameProblem(name) === undefined).toBe(valid);
  });

  it.each([
    ['2025-03-03', true],
    ['2024-07-01-preview', true],
    ['2025-13-01', false],
    ['latest', false],
    ['2025-3-3', false],
  ])('api-version %s valid: %s', (version, valid) => {
    expect(apiVersionProblem(version) === undefined).toBe(valid);
  });

  it.each([
    ['iabdeadbeef', 'Windows', true],
    ['iab-deadbeef-012', 'Windows', false],
    ['12345', 'Windows', false],
    ['iab-deadbeef-01', 'Linux', true],
  ] as const)('computer name %s on %s valid: %s', (name, os, valid) => {
    expect(computerNameProblem(name, os) === undefined).toBe(valid);
  });

  const int32 = fc.integer({ min: 0, max: 2147483647 });

  it('accepts every triple of 32-bit non-negative integers and orders them numerically', () => {
    fc.assert(
      fc.property(fc.tuple(int32, int32, int32), fc.tuple(int32, int32, int32), (a, b) => {
        const [na, nb] = [a.join('.'), b.join('.')];
        expect(versionNameProblem(na)).toBeUndefined();
        const expected = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
        expect(Math.sign(compareVersionNames(na, nb))).toBe(Math.sign(expected));
      }),
    );
  });

  it('rejects any segment beyond 32 bits', () => {
    fc.assert(fc.property(fc.integer({ min: 2147483648, max: 9999999999 }), int32, (big, small) => {
      expect(versionNameProblem(`${small}.${big}.${small}`)).toBeDefined();
    }));
  });

  it('names the offending gallery name in the message', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 90 }), (name) => {
      const problem = galleryNameProblem(name);
      if (problem !== undefined) expect(problem).toContain(name);
    }));
  });
});
