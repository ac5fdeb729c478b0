import { findingRoleKey } from './finding';
import { roleDefinitionGuid } from './rbacRecords';

/**
 * Parses made once per distinct string during one evaluation: an estate repeats a few dozen role definition IDs
 * across hundreds of thousands of assignments. Lives for one call, so it stays pure.
 */
export interface RbacMemo {
  roleGuid(roleDefinitionId: string): string;
  /** The role as finding ids spell it (findingRoleKey). */
  roleKey(roleDefinitionId: string): string;
}

export function createRbacMemo(): RbacMemo {
  const guids = new Map<string, string>();
  const roleKeys = new Map<string, string>();
  return {
    roleGuid(roleDefinitionId) {
      let guid = guids.get(roleDefinitionId);
      if (guid === undefined) {
        guid = roleDefinitionGuid(roleDefinitionId);
        guids.set(roleDefinitionId, guid);
      }
      return guid;
    },
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
