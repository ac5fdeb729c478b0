import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createAssignmentIdSet } from '../../../../../shared/domain/policy/assignmentIdSet';
import { findingId, findingIdOfKeys, findingRoleKey } from '../../../../../shared/domain/policy/finding';

/** The scan's precomputed keys must give exactly what the straightforward forms give. */
describe('policy scan keys', () => {
  const text = fc.array(fc.constantFrom('/', 'Sub', 'rg', 'A', 'b', ' ', 'Σ', 'İ', '-', ':'), { maxLength: 8 }).map((parts) => parts.join(''));

  it('builds the id of an assignment finding as findingId does', () => {
    fc.assert(
      fc.property(fc.constantFrom('LP001', 'LP009'), text, text, text, (ruleId, scope, principalId, roleDefinitionId) =>
        findingIdOfKeys(ruleId, scope.toLowerCase(), principalId.toLowerCase(), findingRoleKey(roleDefinitionId)) === findingId({ ruleId, scope, principalId, roleDefinitionId }),
      ),
      { numRuns: 2000 },
    );
  });

  it('reports an assignment ID as new exactly when its lower-cased form was not seen', () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), (ids) => {
        const set = createAssignmentIdSet();
        const reference = new Set<string>();
        return ids.every((id) => {
          const expected = !reference.has(id.toLowerCase());
          reference.add(id.toLowerCase());
          return set.addFirst(id) === expected;
        });
      }),
      { numRuns: 2000 },
    );
  });
});
