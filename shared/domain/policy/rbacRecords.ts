import type { PermissionBlock } from './grantsAction';

/**
 * The RBAC data the checks read: the fields of ARM's role assignment and role definition that matter, as plain
 * data. Scans feed whatever ARM returned, so the parsers accept `unknown` and say what is wrong instead of throwing.
 */

export type PrincipalType = 'User' | 'Group' | 'ServicePrincipal' | 'ForeignGroup' | 'Device' | 'Unknown';

export interface RoleAssignmentRecord {
  id: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: PrincipalType;
}

export interface RoleDefinitionRecord {
  id: string;
  roleName: string;
  roleType: 'BuiltInRole' | 'CustomRole';
  permissions: PermissionBlock[];
  assignableScopes: string[];
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string; id?: string };

const PRINCIPAL_TYPES: readonly PrincipalType[] = ['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device'];
/** ARM's casing varies by API; keyed lower-case so a scan of a million assignments looks each up once. */
const PRINCIPAL_TYPE_BY_LOWER = new Map(PRINCIPAL_TYPES.map((type) => [type.toLowerCase(), type]));

export function parseRoleAssignment(raw: unknown): Parsed<RoleAssignmentRecord> {
  if (!isRecord(raw)) return { ok: false, problem: 'role assignment is not an object' };
  const id = nonEmptyString(raw.id);
  const scope = nonEmptyString(raw.scope);
  const roleDefinitionId = nonEmptyString(raw.roleDefinitionId);
  const principalId = nonEmptyString(raw.principalId);
  if (id === undefined || scope === undefined || roleDefinitionId === undefined || principalId === undefined) {
    const missing = Object.entries({ id, scope, roleDefinitionId, principalId })
      .filter(([, value]) => value === undefined)
      .map(([field]) => field);
    return { ok: false, problem: `role assignment lacks ${missing.join(', ')} (each must be a non-empty string)`, ...(id === undefined ? {} : { id }) };
  }
  const rawType = typeof raw.principalType === 'string' ? raw.principalType.toLowerCase() : '';
  const principalType = PRINCIPAL_TYPE_BY_LOWER.get(rawType) ?? 'Unknown';
  return { ok: true, value: { id, scope, roleDefinitionId, principalId, principalType } };
}

export function parseRoleDefinition(raw: unknown): Parsed<RoleDefinitionRecord> {
  if (!isRecord(raw)) return { ok: false, problem: 'role definition is not an object' };
  const id = nonEmptyString(raw.id);
  if (id === undefined) return { ok: false, problem: 'role definition lacks id (a non-empty string)' };
  const roleName = nonEmptyString(raw.roleName);
  if (roleName === undefined) return { ok: false, id, problem: 'role definition lacks roleName (a non-empty string)' };
  if (!Array.isArray(raw.permissions)) return { ok: false, id, problem: 'role definition permissions must be an array' };
  const permissions: PermissionBlock[] = [];
  for (const [index, block] of raw.permissions.entries()) {
    const actions = isRecord(block) ? stringList(block.actions ?? []) : undefined;
    const notActions = isRecord(block) ? stringList(block.notActions ?? []) : undefined;
    if (actions === undefined || notActions === undefined) {
      return { ok: false, id, problem: `role definition permissions[${index}] must have string arrays actions and notActions` };
    }
    permissions.push({ actions, notActions });
  }
  const assignableScopes = stringList(raw.assignableScopes ?? []);
  if (assignableScopes === undefined) return { ok: false, id, problem: 'role definition assignableScopes must be an array of strings' };
  // ARM spells it `roleType` on definitions ("BuiltInRole" / "CustomRole"); anything else is treated as custom so
  // an unknown role never escapes the custom-role checks.
  const roleType = raw.roleType === 'BuiltInRole' ? 'BuiltInRole' : 'CustomRole';
  return { ok: true, value: { id, roleName, roleType, permissions, assignableScopes } };
}

/** The GUID at the end of a role definition ID: built-in roles have the same GUID under every scope prefix. */
export function roleDefinitionGuid(roleDefinitionId: string): string {
  const spaced = roleDefinitionId.trim();
  const trimmed = spaced.endsWith('/') ? spaced.replace(/\/+$/, '') : spaced;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1).toLowerCase();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? [...value] : undefined;
}
