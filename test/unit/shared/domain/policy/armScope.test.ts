import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeScope, parseScope, scopeCovers } from '../../../../../shared/domain/policy/armScope';
import { GALLERY_RG_SCOPE, GALLERY_SCOPE, OTHER_SUB, SUB_SCOPE } from './policyBuilders';

describe('parseScope', () => {
  it.each([
    ['/', 'root'],
    ['/providers/Microsoft.Management/managementGroups/mg-root', 'managementGroup'],
    [SUB_SCOPE, 'subscription'],
    [`/${SUB_SCOPE}/`, 'subscription'],
    [GALLERY_RG_SCOPE, 'resourceGroup'],
    [GALLERY_SCOPE, 'resource'],
    [`${GALLERY_SCOPE}/images/ubuntu-base`, 'resource'],
    [`${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/abc`, 'resource'],
  ])('%s is a %s scope', (scope, kind) => {
    expect(parseScope(scope)?.kind).toBe(kind);
  });

  it.each([
    [''],
    ['subscriptions/x'],
    ['/subscriptions'],
    ['/subscriptions/bad id'],
    ['/tenants/x'],
    [`${SUB_SCOPE}/resourceGroups`],
    [`${GALLERY_RG_SCOPE}/providers/Microsoft.Compute`],
    ['/providers/Microsoft.Management/managementGroups'],
  ])('%j is not a scope', (scope) => {
    expect(parseScope(scope)).toBeUndefined();
  });

  it('never throws, whatever it is given', () => {
    fc.assert(fc.property(fc.anything(), (value) => { parseScope(value); }));
  });

  it.each([
    ['/ /', '/'],
    ['a/ //', 'a'],
    [' //Subscriptions//X/ ', '/subscriptions/x'],
  ])('normalizes %j to %j', (scope, expected) => {
    expect(normalizeScope(scope)).toBe(expected);
  });

  // ARM IDs are ASCII; case folding of other scripts (ß → SS) is not a property ARM has either.
  const scopeLike = fc.array(fc.constantFrom('/', ' ', 'a', 'B', 'subscriptions', '\t'), { maxLength: 12 }).map((parts) => parts.join(''));

  it('normalizing is idempotent and case-insensitive', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary-ascii' }), scopeLike), (s) => normalizeScope(normalizeScope(s)) === normalizeScope(s) && normalizeScope(s.toUpperCase()) === normalizeScope(s.toLowerCase())));
  });
});

describe('scopeCovers', () => {
  const scope = (s: string) => {
    const parsed = parseScope(s);
    if (parsed === undefined) throw new Error(`bad test scope ${s}`);
    return parsed;
  };

  it.each([
    ['/', GALLERY_SCOPE, true],
    ['/providers/Microsoft.Management/managementGroups/mg', GALLERY_SCOPE, true],
    [SUB_SCOPE, GALLERY_SCOPE, true],
    [GALLERY_RG_SCOPE.toUpperCase(), GALLERY_SCOPE, true],
    [GALLERY_SCOPE, GALLERY_RG_SCOPE, false],
    [`/subscriptions/${OTHER_SUB}`, GALLERY_SCOPE, false],
    // A prefix that is not a path ancestor (rg-images vs rg-images2) must not count.
    [GALLERY_RG_SCOPE, `${GALLERY_RG_SCOPE}2`, false],
  ])('%s covers %s → %s', (outer, inner, expected) => {
    expect(scopeCovers(scope(outer), scope(inner))).toBe(expected);
  });

  it('every scope covers itself and its descendants', () => {
    const name = fc.stringMatching(/^[a-z0-9]{1,6}$/);
    fc.assert(
      fc.property(name, name, (rg, gallery) => {
        const rgScope = scope(`${SUB_SCOPE}/resourceGroups/${rg}`);
        const child = scope(`${SUB_SCOPE}/resourceGroups/${rg}/providers/Microsoft.Compute/galleries/${gallery}`);
        return scopeCovers(rgScope, rgScope) && scopeCovers(rgScope, child) && !scopeCovers(child, rgScope);
      }),
    );
  });
});
