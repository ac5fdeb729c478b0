import type { Catalog, LeastPrivilegePolicy } from '../catalog';
import { appRoleScopes, galleryScope, subscriptionScope, type CatalogScopes, type DeclaredAppRole } from './appRoles';
import { isAboveSubscription, parseScope, scopeCovers, type ParsedScope } from './armScope';
import { APP_DATA_PLANE_ROLES, BUILT_IN_ROLES, PRIVILEGED_ROLES, builtInRoleByGuid } from './builtInRoles';
import { createFinding as finding } from './createFinding';
import type { PolicyFinding, Severity } from './finding';
import { grantsAction } from './grantsAction';
import type { PolicyRuleId } from './policyRules';
import {
  parseRoleAssignment,
  parseRoleDefinition,
  roleDefinitionGuid,
  type RoleAssignmentRecord,
  type RoleDefinitionRecord,
} from './rbacRecords';

export interface LeastPrivilegeInput {
  catalog: CatalogScopes & Pick<Catalog, 'policy'>;
  /** Role assignments as ARM listed them for the scanned scopes (possibly overlapping, possibly malformed). */
  assignments: readonly unknown[];
  /** Role definitions (built-in and custom) visible at the subscription. */
  roleDefinitions: readonly unknown[];
  /** The app's own roles as infra declares them (infra/roles/*.json and the subnet join role). */
  appRoles: readonly DeclaredAppRole[];
}

const GALLERY_DELETE_ACTIONS = [
  'Microsoft.Compute/galleries/delete',
  'Microsoft.Compute/galleries/images/delete',
  'Microsoft.Compute/galleries/images/versions/delete',
];
const GALLERY_WRITE_ACTIONS = [
  'Microsoft.Compute/galleries/write',
  'Microsoft.Compute/galleries/images/write',
  'Microsoft.Compute/galleries/images/versions/write',
];

interface Assignment extends RoleAssignmentRecord {
  parsedScope: ParsedScope;
  roleGuid: string;
  /** Undefined when the definition is missing and the GUID is not a known built-in. */
  roleName: string | undefined;
  definition: RoleDefinitionRecord | undefined;
}

/** Least-privilege findings (LP001–LP010) for one gallery's subscription. Never throws on bad data. */
export function evaluateLeastPrivilege(input: LeastPrivilegeInput): PolicyFinding[] {
  const { catalog } = input;
  const policy = catalog.policy.leastPrivilege;
  const subscription = parseScope(subscriptionScope(catalog));
  const gallery = parseScope(galleryScope(catalog));
  const findings: PolicyFinding[] = [];
  const subScope = subscriptionScope(catalog);
  if (subscription === undefined || gallery === undefined) {
    findings.push(finding('LP010', { scope: subScope, message: `The catalog's gallery scope ${galleryScope(catalog)} is not a valid ARM scope; nothing was evaluated.` }));
    return findings;
  }

  const definitions = new Map<string, RoleDefinitionRecord>();
  for (const [index, raw] of input.roleDefinitions.entries()) {
    const parsed = parseRoleDefinition(raw);
    if (!parsed.ok) {
      findings.push(finding('LP010', { scope: subScope, resource: parsed.id ?? `roleDefinitions[${index}]`, message: `Role definition skipped: ${parsed.problem}.` }));
      continue;
    }
    definitions.set(roleDefinitionGuid(parsed.value.id), parsed.value);
    findings.push(...customRoleFindings(parsed.value));
  }

  const assignments: Assignment[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of input.assignments.entries()) {
    const parsed = parseRoleAssignment(raw);
    if (!parsed.ok) {
      findings.push(finding('LP010', { scope: subScope, resource: parsed.id ?? `roleAssignments[${index}]`, message: `Role assignment skipped: ${parsed.problem}.` }));
      continue;
    }
    const record = parsed.value;
    // Scans list overlapping scopes (subscription, resource groups), so the same assignment comes back more than once.
    if (seen.has(record.id.toLowerCase())) continue;
    seen.add(record.id.toLowerCase());
    const parsedScope = parseScope(record.scope);
    if (parsedScope === undefined) {
      findings.push(finding('LP010', { scope: subScope, resource: record.id, principalId: record.principalId, message: `Role assignment skipped: scope '${record.scope}' is not an ARM scope.` }));
      continue;
    }
    const roleGuid = roleDefinitionGuid(record.roleDefinitionId);
    const definition = definitions.get(roleGuid);
    const roleName = definition?.roleName ?? builtInRoleByGuid(roleGuid)?.roleName;
    assignments.push({ ...record, parsedScope, roleGuid, roleName, definition });
  }

  const inSubscription: Assignment[] = [];
  for (const assignment of assignments) {
    const { parsedScope } = assignment;
    if (isAboveSubscription(parsedScope)) {
      findings.push(assignmentFinding('LP009', assignment, 'low', `${describe(assignment)} is inherited from ${parsedScope.kind === 'root' ? 'the root scope' : 'a management group'}, outside the gallery subscription.`));
    } else if (parsedScope.subscriptionId !== subscription.subscriptionId) {
      findings.push(assignmentFinding('LP009', assignment, 'medium', `${describe(assignment)} is in another subscription than the gallery's (${catalog.gallery.subscriptionId}); it was not evaluated further.`));
      continue;
    }
    if (assignment.roleName === undefined) {
      findings.push(assignmentFinding('LP008', assignment, 'medium', `Principal ${assignment.principalId} is assigned role definition ${assignment.roleDefinitionId} at ${assignment.scope}, which no longer exists.`));
      continue;
    }
    inSubscription.push(assignment);
  }

  const appPrincipal = policy.appPrincipalId?.toLowerCase();
  for (const assignment of inSubscription) {
    const isApp = appPrincipal !== undefined && assignment.principalId.toLowerCase() === appPrincipal;
    if (isApp) {
      const extra = undeclaredAppActions(assignment, input);
      if (extra.length > 0) {
        findings.push(assignmentFinding('LP007', assignment, 'high', `The app's identity holds ${describeRole(assignment)} at ${assignment.scope}, granting ${extra.map((a) => `'${a}'`).join(', ')} beyond what infra/roles declares for it there.`));
      }
      continue;
    }
    if (isAllowed(assignment, policy)) continue;
    const coversGallery = scopeCovers(assignment.parsedScope, gallery);
    if (coversGallery && PRIVILEGED_ROLES.some((role) => role.guid === assignment.roleGuid)) {
      findings.push(assignmentFinding('LP001', assignment, 'high', `${describe(assignment)} reaches the gallery ${catalog.gallery.name} and is not on the allow-list.`));
      continue;
    }
    const reachesGallery = coversGallery || scopeCovers(gallery, assignment.parsedScope);
    if (reachesGallery && assignment.definition !== undefined) {
      const permissions = assignment.definition.permissions;
      const deletes = GALLERY_DELETE_ACTIONS.filter((action) => grantsAction(permissions, action));
      const writes = GALLERY_WRITE_ACTIONS.filter((action) => grantsAction(permissions, action));
      if (deletes.length > 0 || writes.length > 0) {
        const granted = [...writes, ...deletes].join(', ');
        findings.push(assignmentFinding('LP006', assignment, deletes.length > 0 ? 'high' : 'medium', `${describe(assignment)} grants ${granted} on the gallery ${catalog.gallery.name} and is not on the allow-list.`));
      }
    }
  }

  findings.push(...countFindings(inSubscription, policy, subScope));
  return findings;
}

function customRoleFindings(definition: RoleDefinitionRecord): PolicyFinding[] {
  if (definition.roleType !== 'CustomRole') return [];
  const broad = definition.assignableScopes
    .map((scope) => ({ scope, parsed: parseScope(scope) }))
    .filter((entry): entry is { scope: string; parsed: ParsedScope } => entry.parsed !== undefined && (entry.parsed.kind === 'subscription' || isAboveSubscription(entry.parsed)));
  if (broad.length === 0) return [];
  const widest = [...broad].sort((a, b) => scopeWidth(a.parsed) - scopeWidth(b.parsed))[0];
  if (widest === undefined) return [];
  const actions = definition.permissions.flatMap((block) => block.actions);
  const wildcards = actions.filter((action) => action.includes('*'));
  if (wildcards.length === 0) return [];
  const ruleId: PolicyRuleId = actions.some((action) => action.trim() === '*') ? 'LP004' : 'LP005';
  return [
    finding(ruleId, {
      scope: widest.scope,
      roleDefinitionId: definition.id,
      message: `Custom role '${definition.roleName}' allows ${wildcards.map((action) => `'${action}'`).join(', ')} and is assignable at ${broad.map((entry) => entry.scope).join(', ')}.`,
    }),
  ];
}

function scopeWidth(scope: ParsedScope): number {
  return scope.kind === 'root' ? 0 : scope.kind === 'managementGroup' ? 1 : 2;
}

function countFindings(assignments: readonly Assignment[], policy: LeastPrivilegePolicy, subScope: string): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const owners = new Set(
    assignments
      .filter((a) => a.roleGuid === BUILT_IN_ROLES.owner.guid && (a.parsedScope.kind === 'subscription' || isAboveSubscription(a.parsedScope)))
      .map((a) => a.principalId.toLowerCase()),
  );
  if (owners.size > policy.maxSubscriptionOwners) {
    findings.push(finding('LP002', { scope: subScope, message: `${owners.size} principals hold Owner on the subscription (limit ${policy.maxSubscriptionOwners}): ${listSome([...owners].sort())}.` }));
  }
  const direct = assignments.filter((a) => a.principalType === 'User');
  if (direct.length > policy.maxDirectUserAssignments) {
    const users = [...new Set(direct.map((a) => a.principalId.toLowerCase()))].sort();
    findings.push(finding('LP003', { scope: subScope, message: `${direct.length} role assignments go directly to users (limit ${policy.maxDirectUserAssignments}): ${listSome(users)}.` }));
  }
  return findings;
}

/** A subscription may hold thousands of assignments: name the first few, count the rest. */
function listSome(items: readonly string[], max = 10): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

function isAllowed(assignment: Assignment, policy: LeastPrivilegePolicy): boolean {
  const principal = assignment.principalId.toLowerCase();
  return policy.allowedPrincipals.some(
    (entry) =>
      entry.principalId.toLowerCase() === principal &&
      (entry.roles.length === 0 || entry.roles.some((role) => roleMatches(role, assignment))),
  );
}

/** Allow-lists name roles by definition ID, GUID or display name. */
function roleMatches(role: string, assignment: Assignment): boolean {
  const wanted = role.trim().toLowerCase();
  return roleDefinitionGuid(wanted) === assignment.roleGuid || wanted === assignment.roleName?.toLowerCase();
}

/**
 * The app's roles are judged by what they grant, not by name: infra appends an installation suffix to role names,
 * and a role renamed to look like ours must not pass. Every action the held role lists must be one infra declares at
 * that exact scope (declared roles have no wildcards, so a wildcard held is always beyond them). Returns the extras.
 */
function undeclaredAppActions(assignment: Assignment, input: LeastPrivilegeInput): string[] {
  const scope = assignment.parsedScope.normalized;
  const dataPlane = APP_DATA_PLANE_ROLES.some(
    (role) => role.guid === assignment.roleGuid && assignment.parsedScope.kind === 'resource' && resourceType(assignment.parsedScope) === role.resourceType,
  );
  if (dataPlane) return [];
  const declared = new Set(
    input.appRoles
      .filter((role) => appRoleScopes(role.assignTo, input.catalog).some((declaredScope) => parseScope(declaredScope)?.normalized === scope))
      .flatMap((role) => role.permissions.flatMap((block) => block.actions))
      .map((action) => action.toLowerCase()),
  );
  // A missing definition is LP008's finding; here it would only be noise.
  const held = assignment.definition?.permissions.flatMap((block) => block.actions) ?? [];
  const extra = held.filter((action) => !declared.has(action.toLowerCase()));
  if (assignment.definition !== undefined) return extra;
  return builtInRoleByGuid(assignment.roleGuid) === undefined ? [] : [`every action of built-in role ${assignment.roleName ?? assignment.roleGuid}`];
}

/** `…/providers/<namespace>/<type>/<name>` → `<namespace>/<type>` of the innermost provider segment. */
function resourceType(scope: ParsedScope): string | undefined {
  const segments = scope.normalized.split('/');
  const index = segments.lastIndexOf('providers');
  if (index === -1 || segments.length !== index + 4) return undefined;
  return `${segments[index + 1]}/${segments[index + 2]}`;
}

function describe(assignment: Assignment): string {
  return `Principal ${assignment.principalId} (${assignment.principalType}) holds ${describeRole(assignment)} at ${assignment.scope}; it`;
}

function describeRole(assignment: Assignment): string {
  return assignment.roleName === undefined ? `role ${assignment.roleGuid}` : `'${assignment.roleName}'`;
}

function assignmentFinding(ruleId: PolicyRuleId, assignment: Assignment, severity: Severity, message: string): PolicyFinding {
  return finding(ruleId, {
    scope: assignment.scope,
    principalId: assignment.principalId,
    roleDefinitionId: assignment.roleDefinitionId,
    severity,
    message,
  });
}
