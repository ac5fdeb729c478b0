import fc from 'fast-check';
import { describe, it } from 'vitest';
import { createAssignmentIdSet } from '../../../../../shared/domain/policy/assignmentIdSet';
import { findingId, findingIdOfKeys, findingRoleKey } from '../../../../../shared/domain/policy/finding';

/** The scan's precomputed keys must give exactly what the straightforward forms give. */
describe('policy scan keys', () => {
  // 'İ' lower-cases to two characters and the Kelvin sign 'K' to an ASCII 'k': case-insensitive keys must follow toLowerCase.
  const text = fc.array(fc.constantFrom('/', 'Sub', 'rg', 'A', 'b', 'k', 'K', ' ', 'Σ', 'İ', 'i̇', '-', ':'), { maxLength: 8 }).map((parts) => parts.join(''));

  it('builds the id of an assignment finding as findingId does', () => {
    fc.assert(
      fc.property(fc.constantFrom('LP001', 'LP009'), text, text, text, (ruleId, scope, principalId, roleDefinitionId) =>
        findingIdOfKeys(ruleId, scope.toLowerCase(), principalId.toLowerCase(), findingRoleKey(roleDefinitionId)) === findingId({ ruleId, scope, principalId, roleDefinitionId }),
      ),
      { numRuns: 2000 },
    );
  });

  // The real hash, and hashes that file many IDs (or all of them) together, so IDs sharing a hash are told apart too.
  it.each([
    ['its own hash', undefined],
    ['a hash of the length of the lower-cased form', (id: string) => id.toLowerCase().length],
    ['one hash for every ID', () => 7],
  ])('reports an assignment ID as new exactly when its lower-cased form was not seen, with %s', (_, hash) => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), (ids) => {
        const set = createAssignmentIdSet(hash);
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
