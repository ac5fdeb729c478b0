import { parseScope, type ParsedScope } from './armScope';
import { findingRoleKey } from './finding';
import { roleDefinitionGuid } from './rbacRecords';

/**
 * Parses made once per distinct string during one evaluation: an estate repeats the same few thousand scopes and a
 * few dozen role definition IDs across hundreds of thousands of assignments, and the parsed scopes, shared rather
 * than copied per assignment, keep what a large scan holds in memory small. Lives for one call, so it stays pure.
 */
export interface RbacMemo {
  scope(raw: string): ParsedScope | undefined;
  roleGuid(roleDefinitionId: string): string;
  /** The scope as finding ids spell it: the listed text lower-cased (not normalized). */
  scopeKey(raw: string): string;
  /** The role as finding ids spell it (findingRoleKey). */
  roleKey(roleDefinitionId: string): string;
}

export function createRbacMemo(): RbacMemo {
  const scopes = new Map<string, ParsedScope | undefined>();
  const guids = new Map<string, string>();
  const scopeKeys = new Map<string, string>();
  const roleKeys = new Map<string, string>();
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
    scopeKey: (raw) => once(scopeKeys, raw, (text) => text.toLowerCase()),
    roleKey: (roleDefinitionId) => once(roleKeys, roleDefinitionId, findingRoleKey),
  };
}

function once(memo: Map<string, string>, raw: string, derive: (raw: string) => string): string {
  let value = memo.get(raw);
  if (value === undefined) {
    value = derive(raw);
    memo.set(raw, value);
  }
  return value;
}
