import { parseScope, type ParsedScope } from './armScope';
import { roleDefinitionGuid } from './rbacRecords';

/**
 * Parses made once per distinct string during one evaluation: an estate repeats the same few thousand scopes and a
 * few dozen role definition IDs across hundreds of thousands of assignments, and the parsed scopes, shared rather
 * than copied per assignment, keep what a large scan holds in memory small. Lives for one call, so it stays pure.
 */
export interface RbacMemo {
  scope(raw: string): ParsedScope | undefined;
  roleGuid(roleDefinitionId: string): string;
}

export function createRbacMemo(): RbacMemo {
  const scopes = new Map<string, ParsedScope | undefined>();
  const guids = new Map<string, string>();
  return {
    scope(raw) {
      if (scopes.has(raw)) return scopes.get(raw);
      const parsed = parseScope(raw);
      scopes.set(raw, parsed);
      return parsed;
    },
    roleGuid(roleDefinitionId) {
      let guid = guids.get(roleDefinitionId);
      if (guid === undefined) {
        guid = roleDefinitionGuid(roleDefinitionId);
        guids.set(roleDefinitionId, guid);
      }
      return guid;
    },
  };
}
