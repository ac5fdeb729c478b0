import { APP_ROLE_FILE_TARGETS, type AppRoleDefinition } from './appRoles';
import type { Parsed } from './rbacRecords';

/** `Provider.Namespace/type[/subtype…]/(read|write|delete|action)` — the only action shape ARM defines for control-plane operations. */
export const PROVIDER_ACTION = /^[A-Z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)+(?:\/[A-Za-z][A-Za-z0-9]*)+\/(?:read|write|delete|action)$/;

const PERMISSION_LISTS = ['actions', 'notActions', 'dataActions', 'notDataActions'] as const;

/**
 * Validates one infra/roles file. Every problem is reported with its path, and a wildcard anywhere is refused: the
 * app's roles are exact lists so a provider adding operations never silently widens them.
 */
export function parseAppRoleDefinition(raw: unknown): Parsed<AppRoleDefinition> & { problems: string[] } {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problem: 'role file must be a JSON object', problems: ['role file must be a JSON object'] };
  }
  const record: Record<string, unknown> = { ...raw };
  const allowedKeys = new Set(['roleName', 'description', 'assignTo', 'permissions']);
  for (const key of Object.keys(record)) if (!allowedKeys.has(key)) problems.push(`${key}: unknown field (allowed: ${[...allowedKeys].join(', ')})`);
  const roleName = typeof record.roleName === 'string' && record.roleName.trim() !== '' ? record.roleName : undefined;
  const description = typeof record.description === 'string' && record.description.trim() !== '' ? record.description : undefined;
  const assignTo = APP_ROLE_FILE_TARGETS.find((target) => target === record.assignTo);
  if (roleName === undefined) problems.push('roleName: must be a non-empty string');
  if (description === undefined) problems.push('description: must be a non-empty string');
  if (assignTo === undefined) problems.push(`assignTo: must be one of ${APP_ROLE_FILE_TARGETS.join(', ')}`);
  const permissions: AppRoleDefinition['permissions'] = [];
  if (!Array.isArray(record.permissions) || record.permissions.length === 0) {
    problems.push('permissions: must be a non-empty array');
  } else {
    for (const [index, block] of record.permissions.entries()) {
      const path = `permissions[${index}]`;
      if (typeof block !== 'object' || block === null || Array.isArray(block)) {
        problems.push(`${path}: must be an object`);
        continue;
      }
      const lists: Partial<Record<(typeof PERMISSION_LISTS)[number], string[]>> = {};
      for (const list of PERMISSION_LISTS) {
        const value = (block as Record<string, unknown>)[list];
        if (!Array.isArray(value) || !value.every((item): item is string => typeof item === 'string')) {
          problems.push(`${path}.${list}: must be an array of strings`);
          continue;
        }
        lists[list] = value;
        for (const [i, action] of value.entries()) {
          if (action.includes('*')) problems.push(`${path}.${list}[${i}]: '${action}' has a wildcard; list exact actions`);
          else if (!PROVIDER_ACTION.test(action)) {
            problems.push(`${path}.${list}[${i}]: '${action}' is not a provider action (Provider.Namespace/type[/subtype…]/read|write|delete|action)`);
          }
        }
      }
      if (lists.actions !== undefined && lists.actions.length === 0) problems.push(`${path}.actions: must list at least one action`);
      permissions.push({ actions: lists.actions ?? [], notActions: lists.notActions ?? [], dataActions: lists.dataActions ?? [], notDataActions: lists.notDataActions ?? [] });
    }
  }
  if (problems.length > 0 || roleName === undefined || description === undefined || assignTo === undefined) {
    return { ok: false, problem: problems.join('; '), problems };
  }
  return { ok: true, problems, value: { roleName, description, assignTo, permissions } };
}
