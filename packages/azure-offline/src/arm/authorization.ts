/**
 * Microsoft.Authorization role assignments and role definitions at any scope, with the list filters ARM supports
 * (`atScope()`, `principalId eq '…'`, `assignedTo('…')`, `roleName eq '…'`, `type eq '…'`).
 */
import { badRequest, conflict, notFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { BUILT_IN_ROLES } from './builtInRoles';
import { arrayAt, isObject, objectAt, stringAt, type JsonObject } from './json';
import { principalForAssignment } from './principals';
import { pagedList, requireBody, requireResourceGroup, requireSubscription } from './resourceCommon';
import { normalizeScope, scopeCovers, subscriptionOfScope } from './scopes';
import { key, type RoleAssignmentRecord, type RoleDefinitionRecord } from './state';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROVIDER = '/providers/Microsoft.Authorization';

function requireScope(ctx: EmulatorContext, rawScope: string): string {
  const scope = normalizeScope(rawScope);
  if (scope === '/') return scope;
  const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?/i.exec(scope);
  if (!m?.[1]) throw badRequest('InvalidScope', `The scope '${scope}' is not valid: it must be '/', a subscription, a resource group or a resource ID.`);
  if (m[2]) requireResourceGroup(ctx, m[1], m[2]);
  else requireSubscription(ctx, m[1]);
  return scope;
}

// ---- role definitions --------------------------------------------------------------------------------------------

function allDefinitions(ctx: EmulatorContext): RoleDefinitionRecord[] {
  return [...BUILT_IN_ROLES, ...Object.values(ctx.store.state.roleDefinitions)];
}

export function findRoleDefinition(ctx: EmulatorContext, guid: string): RoleDefinitionRecord | undefined {
  return allDefinitions(ctx).find((d) => d.name.toLowerCase() === guid.toLowerCase());
}

function definitionView(def: RoleDefinitionRecord, scope: string): JsonObject {
  const sub = subscriptionOfScope(scope);
  return {
    id: `${sub ? `/subscriptions/${sub}` : ''}${PROVIDER}/roleDefinitions/${def.name}`,
    name: def.name,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: def.roleName,
      type: def.roleType,
      description: def.description,
      assignableScopes: [...def.assignableScopes],
      permissions: [{ actions: [...def.actions], notActions: [...def.notActions], dataActions: [...def.dataActions], notDataActions: [...def.notDataActions] }],
    },
  };
}

interface DefinitionFilter {
  roleName?: string;
  type?: string;
}

function parseDefinitionFilter(filter: string | null): DefinitionFilter {
  if (!filter) return {};
  const result: DefinitionFilter = {};
  for (const clause of filter.split(/\s+and\s+/i)) {
    const m = /^\s*(roleName|type)\s+eq\s+'([^']*)'\s*$/i.exec(clause);
    if (!m?.[1]) throw badRequest('InvalidFilter', `The $filter clause '${clause}' is not supported; use roleName eq '…' or type eq 'BuiltInRole'|'CustomRole'.`);
    if (m[1].toLowerCase() === 'rolename') result.roleName = m[2];
    else result.type = m[2];
  }
  return result;
}

export function listRoleDefinitions(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const scope = requireScope(ctx, req.params.scope ?? '');
  const filter = parseDefinitionFilter(req.query.get('$filter'));
  const defs = allDefinitions(ctx)
    .filter((d) => d.assignableScopes.some((s) => scopeCovers(s, scope) || scopeCovers(scope, s)))
    .filter((d) => filter.roleName === undefined || d.roleName.toLowerCase() === filter.roleName.toLowerCase())
    .filter((d) => filter.type === undefined || d.roleType.toLowerCase() === filter.type.toLowerCase());
  return pagedList(req, defs.map((d) => definitionView(d, scope)));
}

export function getRoleDefinition(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const scope = requireScope(ctx, req.params.scope ?? '');
  const def = findRoleDefinition(ctx, req.params.roleDefinitionId ?? '');
  if (!def) throw notFound('RoleDefinitionDoesNotExist', `The role definition '${req.params.roleDefinitionId}' does not exist.`);
  return { status: 200, body: definitionView(def, scope) };
}

function stringList(value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw badRequest('InvalidRoleDefinition', `'${path}' must be an array of strings.`);
  return value as string[];
}

export function putRoleDefinition(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const scope = requireScope(ctx, req.params.scope ?? '');
  const guid = req.params.roleDefinitionId ?? '';
  if (!GUID.test(guid)) throw badRequest('InvalidRoleDefinitionId', `The role definition ID '${guid}' is not valid: it must be a GUID.`);
  if (BUILT_IN_ROLES.some((r) => r.name.toLowerCase() === guid.toLowerCase())) throw conflict('RoleDefinitionUpdateNotPermitted', `Built-in role '${guid}' cannot be changed.`);
  const props = objectAt(requireBody(req), 'properties') ?? {};
  const roleName = stringAt(props, 'roleName');
  if (!roleName) throw badRequest('InvalidRoleDefinition', "'properties.roleName' is required.");
  const permissions = arrayAt(props, 'permissions') ?? [];
  const first = permissions[0];
  if (permissions.length !== 1 || !isObject(first)) throw badRequest('InvalidRoleDefinition', "'properties.permissions' must hold exactly one permission object.");
  const assignableScopes = stringList(props.assignableScopes, 'properties.assignableScopes').map(normalizeScope);
  if (assignableScopes.length === 0) throw badRequest('InvalidRoleDefinition', "'properties.assignableScopes' needs at least one scope.");
  if (!assignableScopes.some((s) => scopeCovers(scope, s))) {
    throw badRequest('InvalidRoleDefinition', `'properties.assignableScopes' must lie within the scope '${scope}' the definition is created at.`);
  }
  const duplicate = allDefinitions(ctx).find((d) => d.roleName.toLowerCase() === roleName.toLowerCase() && d.name.toLowerCase() !== guid.toLowerCase());
  if (duplicate) throw conflict('RoleDefinitionWithSameNameExists', `A role definition named '${roleName}' already exists.`);
  const existing = ctx.store.state.roleDefinitions[key(guid)];
  const def: RoleDefinitionRecord = {
    name: guid.toLowerCase(),
    roleName,
    description: stringAt(props, 'description') ?? '',
    roleType: 'CustomRole',
    actions: stringList(first.actions, 'properties.permissions[0].actions'),
    notActions: stringList(first.notActions, 'properties.permissions[0].notActions'),
    dataActions: stringList(first.dataActions, 'properties.permissions[0].dataActions'),
    notDataActions: stringList(first.notDataActions, 'properties.permissions[0].notDataActions'),
    assignableScopes,
  };
  ctx.store.state.roleDefinitions[key(guid)] = def;
  ctx.store.changed();
  return { status: existing ? 200 : 201, body: definitionView(def, scope) };
}

export function deleteRoleDefinition(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const scope = requireScope(ctx, req.params.scope ?? '');
  const guid = req.params.roleDefinitionId ?? '';
  const def = ctx.store.state.roleDefinitions[key(guid)];
  if (!def) return { status: 204 };
  if (Object.values(ctx.store.state.roleAssignments).some((a) => a.roleDefinitionId.toLowerCase().endsWith(`/${guid.toLowerCase()}`))) {
    throw conflict('RoleDefinitionHasAssignments', `Role definition '${def.roleName}' still has role assignments.`);
  }
  delete ctx.store.state.roleDefinitions[key(guid)];
  ctx.store.changed();
  return { status: 200, body: definitionView(def, scope) };
}

// ---- role assignments --------------------------------------------------------------------------------------------

function assignmentView(a: RoleAssignmentRecord): JsonObject {
  return {
    id: a.id,
    name: a.name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      scope: a.scope,
      roleDefinitionId: a.roleDefinitionId,
      principalId: a.principalId,
      principalType: a.principalType,
      ...(a.description ? { description: a.description } : {}),
      ...(a.condition ? { condition: a.condition, conditionVersion: '2.0' } : {}),
      createdOn: a.createdOn,
      updatedOn: a.createdOn,
    },
  };
}

interface AssignmentFilter {
  atScope: boolean;
  principalId?: string;
}

export function parseAssignmentFilter(filter: string | null): AssignmentFilter {
  const result: AssignmentFilter = { atScope: false };
  if (!filter) return result;
  for (const clause of filter.split(/\s+and\s+/i)) {
    if (/^\s*atScope\(\)\s*$/i.test(clause)) {
      result.atScope = true;
      continue;
    }
    const m = /^\s*(?:principalId\s+eq\s+'([^']+)'|assignedTo\('([^']+)'\))\s*$/i.exec(clause);
    const principal = m?.[1] ?? m?.[2];
    if (!principal) {
      throw badRequest('InvalidFilter', `The $filter clause '${clause}' is not supported; use atScope(), principalId eq '…' or assignedTo('…').`);
    }
    result.principalId = principal;
  }
  return result;
}

export function listRoleAssignments(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const scope = requireScope(ctx, req.params.scope ?? '');
  const filter = parseAssignmentFilter(req.query.get('$filter'));
  // Without atScope() ARM returns assignments at, above and below the scope; with it, at and above only.
  const items = Object.values(ctx.store.state.roleAssignments)
    .filter((a) => scopeCovers(a.scope, scope) || (!filter.atScope && scopeCovers(scope, a.scope)))
    .filter((a) => filter.principalId === undefined || a.principalId.toLowerCase() === filter.principalId.toLowerCase())
    .sort((a, b) => a.id.localeCompare(b.id));
  return pagedList(req, items.map(assignmentView));
}

function assignmentId(scope: string, name: string): string {
  return `${scope === '/' ? '' : scope}${PROVIDER}/roleAssignments/${name}`;
}

export function getRoleAssignment(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const scope = requireScope(ctx, req.params.scope ?? '');
  const found = ctx.store.state.roleAssignments[key(assignmentId(scope, req.params.roleAssignmentName ?? ''))];
  if (!found) throw notFound('RoleAssignmentNotFound', `The role assignment '${req.params.roleAssignmentName}' is not found.`);
  return { status: 200, body: assignmentView(found) };
}

export function putRoleAssignment(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const scope = requireScope(ctx, req.params.scope ?? '');
  const name = req.params.roleAssignmentName ?? '';
  if (!GUID.test(name)) throw badRequest('InvalidRoleAssignmentId', `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
  const props = objectAt(requireBody(req), 'properties') ?? {};
  const roleDefinitionId = stringAt(props, 'roleDefinitionId') ?? '';
  const guid = /\/roleDefinitions\/([^/]+)$/i.exec(roleDefinitionId)?.[1] ?? '';
  if (!findRoleDefinition(ctx, guid)) {
    throw badRequest('RoleDefinitionDoesNotExist', `'properties.roleDefinitionId': the role definition '${roleDefinitionId}' does not exist.`);
  }
  const principalId = stringAt(props, 'principalId') ?? '';
  if (!GUID.test(principalId)) throw badRequest('InvalidPrincipalId', `'properties.principalId' must be a GUID; got '${principalId}'.`);
  const principal = principalForAssignment(ctx, principalId, stringAt(props, 'principalType'), req.now);
  const id = assignmentId(scope, name);
  const existing = ctx.store.state.roleAssignments[key(id)];
  const twin = Object.values(ctx.store.state.roleAssignments).find(
    (a) => a.id.toLowerCase() !== id.toLowerCase() && a.scope.toLowerCase() === scope.toLowerCase() && a.principalId.toLowerCase() === principalId.toLowerCase() && a.roleDefinitionId.toLowerCase().endsWith(guid.toLowerCase()),
  );
  if (twin) throw conflict('RoleAssignmentExists', `The role assignment already exists (${twin.name}).`);
  if (existing && (existing.principalId !== principalId || !existing.roleDefinitionId.toLowerCase().endsWith(guid.toLowerCase()))) {
    throw conflict('RoleAssignmentUpdateNotPermitted', `Tenant ID, application ID, principal ID, and scope are not allowed to be updated (role assignment '${name}').`);
  }
  const record: RoleAssignmentRecord = {
    id: existing?.id ?? id,
    name,
    scope,
    roleDefinitionId: `/subscriptions/${subscriptionOfScope(scope) ?? ''}${PROVIDER}/roleDefinitions/${guid}`.replace('/subscriptions//', '/'),
    principalId,
    principalType: stringAt(props, 'principalType') ?? principal.type,
    ...(stringAt(props, 'description') ? { description: stringAt(props, 'description') } : {}),
    ...(stringAt(props, 'condition') ? { condition: stringAt(props, 'condition') } : {}),
    createdOn: existing?.createdOn ?? new Date(req.now).toISOString(),
  };
  ctx.store.state.roleAssignments[key(id)] = record;
  ctx.store.changed();
  return { status: existing ? 200 : 201, body: assignmentView(record) };
}

export function deleteRoleAssignment(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const scope = requireScope(ctx, req.params.scope ?? '');
  const id = assignmentId(scope, req.params.roleAssignmentName ?? '');
  const found = ctx.store.state.roleAssignments[key(id)];
  if (!found) return { status: 204 };
  delete ctx.store.state.roleAssignments[key(id)];
  ctx.store.changed();
  return { status: 200, body: assignmentView(found) };
}
