import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileRoutes, matchRoute, normalizePath, parentScope, selfScope } from '../../src/arm/router';
import { ROUTES } from '../../src/arm/routes';
import { normalizeScope, scopeCovers } from '../../src/arm/scopes';
import { parseAssignmentFilter } from '../../src/arm/authorization';

const compiled = compileRoutes(ROUTES);
const SUB = '/subscriptions/s';
const VERSION = `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i/versions/1.0.0`;

describe('routing', () => {
  it.each([
    ['//subscriptions/s/providers/Microsoft.Authorization/roleAssignments', '/subscriptions/s/providers/Microsoft.Authorization/roleAssignments'],
    ['/subscriptions/s//resourceGroups/rg/', '/subscriptions/s/resourceGroups/rg'],
    ['/', '/'],
  ])('normalizes %s', (raw, expected) => {
    expect(normalizePath(raw)).toBe(expected);
  });

  it.each([
    [VERSION, 'GET', 'Microsoft.Compute/galleries/images/versions/read', VERSION],
    [VERSION.toUpperCase(), 'DELETE', 'Microsoft.Compute/galleries/images/versions/delete', VERSION.toUpperCase()],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/generalize`, 'POST', 'Microsoft.Compute/virtualMachines/generalize/action', `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm`],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/share`, 'POST', 'Microsoft.Compute/galleries/share/action', `${SUB}/resourceGroups/rg/providers/Microsoft.Compute/galleries/g`],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Compute/galleries`, 'GET', 'Microsoft.Compute/galleries/read', `${SUB}/resourceGroups/rg`],
    [`${SUB}/resourceGroups/rg/providers/Microsoft.Authorization/roleAssignments`, 'GET', 'Microsoft.Authorization/roleAssignments/read', `${SUB}/resourceGroups/rg`],
    ['/providers/Microsoft.Authorization/roleDefinitions/abc', 'GET', 'Microsoft.Authorization/roleDefinitions/read', '/'],
  ])('maps %s %s to its RBAC action and scope', (path, method, action, scope) => {
    const match = matchRoute(compiled, path);
    const spec = match?.route.methods[method];
    expect(spec?.action).toBe(action);
    expect(match?.route.scope(path, match.params)).toBe(scope);
  });

  it('never matches a path with an extra segment, and collection scopes are ancestors of the path', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ROUTES.map((r) => r.pattern)), fc.stringMatching(/^[a-z0-9]{1,8}$/), (pattern, name) => {
        const path = pattern.replace(/\{\w+\*?\}/g, name === 'providers' ? 'x' : name).replace(/^(?=\/providers)/, `${SUB}`);
        const match = matchRoute(compiled, path);
        expect(match).toBeDefined();
        const scope = match?.route.scope(path, match.params) ?? '';
        expect(scope === '/' || scopeCovers(scope, path)).toBe(true);
        expect(selfScope(path)).toBe(path);
        expect(scopeCovers(parentScope(path), path)).toBe(true);
      }),
    );
  });
});

describe('RBAC scopes and filters', () => {
  it.each([
    ['/', '/subscriptions/s', true],
    ['/subscriptions/S', '/subscriptions/s/resourceGroups/rg', true],
    ['/subscriptions/s/resourceGroups/rg', '/subscriptions/s/resourceGroups/rg2', false],
    ['/subscriptions/s/resourceGroups/rg', '/subscriptions/s', false],
  ])('%s covers %s: %s', (outer, inner, covers) => {
    expect(scopeCovers(outer, inner)).toBe(covers);
  });

  it.each([
    [null, { atScope: false }],
    ['atScope()', { atScope: true }],
    ["principalId eq 'abc'", { atScope: false, principalId: 'abc' }],
    ["atScope() and assignedTo('abc')", { atScope: true, principalId: 'abc' }],
  ])('parses the assignment filter %s', (filter, expected) => {
    expect(parseAssignmentFilter(filter)).toEqual(expected);
  });

  it('treats every scope as covering itself and its children, case-insensitively', () => {
    fc.assert(fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9]{1,6}$/), { minLength: 1, maxLength: 6 }), fc.stringMatching(/^[a-z0-9]{1,6}$/), (segments, child) => {
      const scope = normalizeScope(segments.join('/'));
      expect(scopeCovers(scope, scope.toUpperCase())).toBe(true);
      expect(scopeCovers(scope, `${scope}/${child}`)).toBe(true);
      expect(scopeCovers(`${scope}/${child}`, scope)).toBe(false);
    }));
  });
});
