import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionMatches, grantsAction } from '../../../../../shared/domain/policy/grantsAction';

describe('actionMatches', () => {
  it.each([
    ['*', 'Microsoft.Compute/galleries/write', true],
    ['Microsoft.Compute/*', 'Microsoft.Compute/galleries/images/versions/delete', true],
    ['microsoft.compute/galleries/WRITE', 'Microsoft.Compute/galleries/write', true],
    ['*/read', 'Microsoft.Compute/galleries/read', true],
    ['*/read', 'Microsoft.Compute/galleries/write', false],
    ['Microsoft.Compute/galleries/*/delete', 'Microsoft.Compute/galleries/images/versions/delete', true],
    ['Microsoft.Compute/galleries/*/delete', 'Microsoft.Compute/galleries/delete', false],
    ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write', true],
    ['Microsoft.Compute/galleries/write', 'Microsoft.Compute/galleries/images/write', false],
    ['Microsoft.Compute/galleries/read', 'Microsoft.Compute/galleries/read/extra', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'acb', false],
    ['a*a', 'a', false],
  ])('%s vs %s → %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });

  const segment = fc.stringMatching(/^[A-Za-z.]{1,8}$/);
  const action = fc.array(segment, { minLength: 2, maxLength: 5 }).map((parts) => parts.join('/'));

  it('a literal matches itself in any case, and * matches everything', () => {
    fc.assert(
      fc.property(action, (a) => actionMatches(a, a.toUpperCase()) && actionMatches('*', a)),
    );
  });

  it('replacing any slice of an action with * still matches it', () => {
    fc.assert(
      fc.property(action, fc.nat(), fc.nat(), (a, x, y) => {
        const start = x % (a.length + 1);
        const end = start + (y % (a.length - start + 1));
        return actionMatches(`${a.slice(0, start)}*${a.slice(end)}`, a);
      }),
    );
  });

  it('a pattern without * never matches a different action', () => {
    fc.assert(fc.property(action, action, (a, b) => actionMatches(a, b) === (a.toLowerCase() === b.toLowerCase())));
  });
});

describe('grantsAction', () => {
  const contributor = [{ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/*/Delete'] }];

  it.each([
    [contributor, 'Microsoft.Compute/galleries/delete', true],
    [contributor, 'Microsoft.Authorization/roleAssignments/write', false],
    [[{ actions: ['Microsoft.Compute/galleries/*'], notActions: ['Microsoft.Compute/galleries/*/delete'] }], 'Microsoft.Compute/galleries/images/delete', false],
    [[{ actions: ['Microsoft.Compute/galleries/*'], notActions: ['Microsoft.Compute/galleries/*/delete'] }], 'Microsoft.Compute/galleries/images/write', true],
    // notActions subtract within their own block only: another block can still grant the action.
    [[{ actions: ['*'], notActions: ['Microsoft.Compute/*'] }, { actions: ['Microsoft.Compute/galleries/write'], notActions: [] }], 'Microsoft.Compute/galleries/write', true],
    [[], 'Microsoft.Compute/galleries/read', false],
  ])('%j grants %s → %s', (permissions, action, expected) => {
    expect(grantsAction(permissions, action)).toBe(expected);
  });

  it('an action listed in notActions of the only block is never granted', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { maxLength: 4 }), fc.string(), (actions, action) =>
        !grantsAction([{ actions: [...actions, '*'], notActions: [action] }], action),
      ),
    );
  });
});
