// Longer than 200 lines on purpose: one pass over the assignments of every scanned subscription, judging each as
// it is read, and the small judgements it makes on each (owner count, direct users, app roles, custom roles) read
// together as one rule set.
import type { Catalog, LeastPrivilegePolicy } from '../catalog';
import { appRoleScopes, galleryScope, subscriptionScope, type CatalogScopes, type DeclaredAppRole } from './appRoles';
import { createAssignmentIdSet, type AssignmentIdSet } from './assignmentIdSet';
import { isAboveSubscription, parseScope, scopeCovers, type ParsedScope } from './armScope';
import { APP_DATA_PLANE_ROLES, BUILT_IN_ROLES, PRIVILEGED_ROLES, builtInRoleByGuid } from './builtInRoles';
import { createAssignmentFinding, createFinding as finding } from './createFinding';
import { findingIdOfKeys, type PolicyFinding, type Severity } from './finding';
import { grantsAction } from './grantsAction';
import type { PolicyRuleId } from './policyRules';
import { createRbacMemo } from './rbacMemo';
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
  /**
   * RBAC of each other subscription that holds a capture or usage scope (otherSubscriptionScopes), as listed there.
   * Its assignments are judged with its own definitions (custom role definitions are per subscription) and the rules
   * that make sense outside the gallery's subscription; absent or empty: only the gallery's subscription is judged.
   */
  otherSubscriptions?: readonly SubscriptionRbac[];
}

/** One subscription's role assignments and definitions, listed at `/subscriptions/<id>`. */
export interface SubscriptionRbac {
  scope: string;
  assignments: readonly unknown[];
  roleDefinitions: readonly unknown[];
  /** Set (`FORBIDDEN: …`) when the lists could not be read: the subscription was not evaluated (LP010). */
  unreadable?: string;
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
const PRIVILEGED_GUIDS: ReadonlySet<string> = new Set(PRIVILEGED_ROLES.map((role) => role.guid));

/** An assignment being judged: built as it is read and dropped once judged, so a scan holds none of them. */
interface Assignment extends Omit<RoleAssignmentRecord, 'id'> {
  /** The principal ID lower-cased, as every comparison of principals (and finding ids) wants it. */
  principalKey: string;
  scope: string;
  where: ScopeFacts;
  role: AssignedRole;
}

/** What the judgement needs of a listed scope string, worked out once per distinct string. */
interface ScopeFacts {
  parsed: ParsedScope;
  /** The scope as finding ids spell it: the listed text lower-cased (not normalized). */
  key: string;
  /** An assignment here applies to the gallery (LP001, LP006). */
  coversGallery: boolean;
  /** An assignment here applies to the gallery or to something inside it (LP006). */
  reachesGallery: boolean;
}

/**
 * What an assignment's role definition ID resolves to where it is judged: the same for every assignment of that ID
 * judged in the same subscription from the same list, so resolved once and shared rather than copied per assignment.
 */
interface AssignedRole {
  guid: string;
  /** Undefined when the definition is missing and the GUID is not a known built-in. */
  name: string | undefined;
  definition: RoleDefinitionRecord | undefined;
  /** The role as finding ids spell it. */
  key: string;
  /** The role as messages name it. */
  label: string;
  privileged: boolean;
  owner: boolean;
}

/**
 * One scanned subscription: the gallery's, or another one holding capture or usage scopes. Each keeps its own
 * definitions, and judges the assignments whose scope lies in it plus those it inherits (management groups, root).
 */
interface ScannedSubscription {
  kind: 'gallery' | 'other';
  /** The finding scope of subscription-wide findings (LP002, LP010). */
  scope: string;
  parsed: ParsedScope;
  assignmentsListed: readonly unknown[];
  definitionsListed: readonly unknown[];
  definitions: Map<string, RoleDefinitionRecord>;
  seen: AssignmentIdSet;
  /** The ends of this subscription's LP009 and LP001 messages after the assignment is described, built once. */
  tails: { fromRoot: string; fromGroup: string; elsewhere: string; reachesAll: string };
  /** Counted as assignments are judged, for LP002 and LP003 once all are. */
  owners: Set<string>;
  directUsers: Set<string>;
  directUserAssignments: number;
  /** Roles resolved for assignments judged here, by the list that returned them, by role definition ID. */
  rolesListedIn: Map<ScannedSubscription, Map<string, AssignedRole>>;
}

/**
 * Least-privilege findings (LP001–LP010) for one gallery's subscription and the other subscriptions its capture and
 * usage scopes live in. Never throws on bad data.
 */
export function evaluateLeastPrivilege(input: LeastPrivilegeInput): PolicyFinding[] {
  const { catalog } = input;
  const subscription = parseScope(subscriptionScope(catalog));
  const gallery = parseScope(galleryScope(catalog));
  const findings: PolicyFinding[] = [];
  const subScope = subscriptionScope(catalog);
  if (subscription === undefined || gallery === undefined) {
    findings.push(finding('LP010', { scope: subScope, message: `The catalog's gallery scope ${galleryScope(catalog)} is not a valid ARM scope; nothing was evaluated.` }));
    return findings;
  }

  const scanned: ScannedSubscription[] = [scannedSubscription('gallery', subScope, subscription, input, catalog.gallery.subscriptionId)];
  for (const [index, other] of (input.otherSubscriptions ?? []).entries()) {
    const parsed = parseScope(other.scope);
    if (parsed?.kind !== 'subscription') {
      findings.push(finding('LP010', { scope: subScope, resource: `otherSubscriptions[${index}]`, message: `RBAC listed at '${String(other.scope)}' skipped: it is not a subscription scope.` }));
      continue;
    }
    // Listed twice (or the gallery's own): the first listing is the one judged.
    if (scanned.some((s) => s.parsed.normalized === parsed.normalized)) continue;
    if (other.unreadable !== undefined) {
      findings.push(finding('LP010', { scope: other.scope, message: `The role assignments of ${other.scope}, which holds capture or usage scopes, could not be read (${other.unreadable}); it was not evaluated. Redeploy infra so the app holds its policy reader role there (infra/roles/policy-reader.json).` }));
      continue;
    }
    scanned.push(scannedSubscription('other', other.scope, parsed, other, catalog.gallery.subscriptionId));
  }

  for (const target of scanned) {
    for (const [index, raw] of target.definitionsListed.entries()) {
      const parsed = parseRoleDefinition(raw);
      if (!parsed.ok) {
        findings.push(finding('LP010', { scope: target.scope, resource: parsed.id ?? `roleDefinitions[${index}]`, message: `Role definition skipped: ${parsed.problem}.` }));
        continue;
      }
      target.definitions.set(roleDefinitionGuid(parsed.value.id), parsed.value);
      for (const found of customRoleFindings(parsed.value)) findings.push(found);
    }
  }

  // Scanned subscriptions are distinct, so each ID names at most one (the first, as a search in order would find).
  const bySubscriptionId = new Map<string | undefined, ScannedSubscription>();
  for (const s of scanned) if (!bySubscriptionId.has(s.parsed.subscriptionId)) bySubscriptionId.set(s.parsed.subscriptionId, s);
  const memo = createRbacMemo();
  const judge = createJudge(gallery, input, findings);
  const scopes = new Map<string, ScopeFacts | undefined>();
  for (const listedIn of scanned) {
    const listed = listedIn.assignmentsListed;
    for (let index = 0; index < listed.length; index++) {
      const parsed = parseRoleAssignment(listed[index]);
      if (!parsed.ok) {
        findings.push(finding('LP010', { scope: listedIn.scope, resource: parsed.id ?? `roleAssignments[${index}]`, message: `Role assignment skipped: ${parsed.problem}.` }));
        continue;
      }
      const record = parsed.value;
      let where = scopes.get(record.scope);
      if (where === undefined && !scopes.has(record.scope)) {
        where = scopeFacts(record.scope, gallery);
        scopes.set(record.scope, where);
      }
      // An assignment in a scanned subscription is judged there, whichever list returned it; inherited ones (and
      // those of subscriptions nobody scanned, LP009) stay with the list that returned them.
      const judgedIn = (where !== undefined && !isAboveSubscription(where.parsed) && bySubscriptionId.get(where.parsed.subscriptionId)) || listedIn;
      // Scans list overlapping scopes (subscription, resource groups), so the same assignment comes back more than once.
      if (!judgedIn.seen.addFirst(record.id)) continue;
      if (where === undefined) {
        findings.push(finding('LP010', { scope: listedIn.scope, resource: record.id, principalId: record.principalId, message: `Role assignment skipped: scope '${record.scope}' is not an ARM scope.` }));
        continue;
      }
      let rolesHere = judgedIn.rolesListedIn.get(listedIn);
      if (rolesHere === undefined) {
        rolesHere = new Map();
        judgedIn.rolesListedIn.set(listedIn, rolesHere);
      }
      let role = rolesHere.get(record.roleDefinitionId);
      if (role === undefined) {
        const guid = memo.roleGuid(record.roleDefinitionId);
        // Custom role definitions are per subscription: resolve from the subscription the assignment lives in; the
        // list that returned it also holds what readPolicyRbac fetched by the assignment's definition ID (which names it).
        const definition = judgedIn.definitions.get(guid) ?? listedIn.definitions.get(guid);
        const name = definition?.roleName ?? builtInRoleByGuid(guid)?.roleName;
        role = {
          guid,
          name,
          definition,
          key: memo.roleKey(record.roleDefinitionId),
          label: name === undefined ? `role ${guid}` : `'${name}'`,
          privileged: PRIVILEGED_GUIDS.has(guid),
          owner: guid === BUILT_IN_ROLES.owner.guid,
        };
        rolesHere.set(record.roleDefinitionId, role);
      }
      // Fields named, not spread: one fixed object shape per assignment is markedly cheaper at estate scale. Lower-casing
      // a principal ID that is lower-case already (as Entra's object IDs come) returns the same string, allocating nothing.
      const { principalId } = record;
      judge(judgedIn, { scope: record.scope, roleDefinitionId: record.roleDefinitionId, principalId, principalType: record.principalType, principalKey: principalId.toLowerCase(), where, role });
    }
  }

  for (const target of scanned) {
    const policy = catalog.policy.leastPrivilege;
    if (target.owners.size > policy.maxSubscriptionOwners) {
      findings.push(finding('LP002', { scope: target.scope, message: `${target.owners.size} principals hold Owner on the subscription (limit ${policy.maxSubscriptionOwners}): ${listSome([...target.owners].sort())}.` }));
    }
    if (target.kind === 'gallery' && target.directUserAssignments > policy.maxDirectUserAssignments) {
      findings.push(finding('LP003', { scope: target.scope, message: `${target.directUserAssignments} role assignments go directly to users (limit ${policy.maxDirectUserAssignments}): ${listSome([...target.directUsers].sort())}.` }));
    }
  }
  return findings;
}

function scannedSubscription(
  kind: ScannedSubscription['kind'],
  scope: string,
  parsed: ParsedScope,
  lists: { assignments: readonly unknown[]; roleDefinitions: readonly unknown[] },
  gallerySubscriptionId: string,
): ScannedSubscription {
  return {
    kind,
    scope,
    parsed,
    assignmentsListed: lists.assignments,
    definitionsListed: lists.roleDefinitions,
    definitions: new Map(),
    seen: createAssignmentIdSet(),
    rolesListedIn: new Map(),
    tails: {
      fromRoot: ` is inherited from the root scope, outside ${kind === 'gallery' ? 'the gallery subscription' : scope}.`,
      fromGroup: ` is inherited from a management group, outside ${kind === 'gallery' ? 'the gallery subscription' : scope}.`,
      elsewhere: ` is in another subscription than ${kind === 'gallery' ? `the gallery's (${gallerySubscriptionId})` : 'the scanned ones'}; it was not evaluated further.`,
      reachesAll: ` reaches all of ${scope}, which holds the catalog's capture or usage scopes, and is not on the allow-list.`,
    },
    owners: new Set(),
    directUsers: new Set(),
    directUserAssignments: 0,
  };
}

function scopeFacts(scope: string, gallery: ParsedScope): ScopeFacts | undefined {
  const parsed = parseScope(scope);
  if (parsed === undefined) return undefined;
  const coversGallery = scopeCovers(parsed, gallery);
  return { parsed, key: scope.toLowerCase(), coversGallery, reachesGallery: coversGallery || scopeCovers(gallery, parsed) };
}

/**
 * Judges each assignment as it is read, appending its findings and counting owners and direct users on the
 * subscription judging it. The gallery's subscription gets every rule. Another subscription holding capture or usage
 * scopes gets the rules that mean something there: LP007 (the app's roles), LP008, LP009, LP001 for privileged roles
 * at that subscription or wider, and LP002; the gallery rules (LP006) and the direct-user count (LP003) stay with the
 * gallery's.
 */
function createJudge(gallery: ParsedScope, input: LeastPrivilegeInput, findings: PolicyFinding[]): (target: ScannedSubscription, assignment: Assignment) => void {
  const { catalog } = input;
  const policy = catalog.policy.leastPrivilege;
  const appPrincipal = policy.appPrincipalId?.toLowerCase();
  const allowList = allowListByPrincipal(policy);
  const galleryGrants = new Map<RoleDefinitionRecord, { severity: Severity; tail: string } | null>();
  const declaredAtScope = new Map<string, ReadonlySet<string>>();
  const reachesGallery = ` reaches the gallery ${catalog.gallery.name} and is not on the allow-list.`;

  return (target, assignment) => {
    const isGallery = target.kind === 'gallery';
    const { where, role } = assignment;
    const parsedScope = where.parsed;
    if (isAboveSubscription(parsedScope)) {
      findings.push(assignmentFinding('LP009', assignment, 'low', described(assignment, parsedScope.kind === 'root' ? target.tails.fromRoot : target.tails.fromGroup)));
    } else if (parsedScope.subscriptionId !== target.parsed.subscriptionId) {
      findings.push(assignmentFinding('LP009', assignment, 'medium', described(assignment, target.tails.elsewhere)));
      return;
    }
    if (role.name === undefined) {
      findings.push(assignmentFinding('LP008', assignment, 'medium', ['Principal ', assignment.principalId, ' is assigned role definition ', assignment.roleDefinitionId, ' at ', assignment.scope, ', which no longer exists.'].join('')));
      return;
    }

    if (role.owner && (parsedScope.kind === 'subscription' || isAboveSubscription(parsedScope))) target.owners.add(assignment.principalKey);
    if (isGallery && assignment.principalType === 'User') {
      target.directUserAssignments++;
      target.directUsers.add(assignment.principalKey);
    }

    if (appPrincipal !== undefined && assignment.principalKey === appPrincipal) {
      const extra = undeclaredAppActions(assignment, input, declaredAtScope);
      if (extra.length > 0) {
        findings.push(assignmentFinding('LP007', assignment, 'high', `The app's identity holds ${role.label} at ${assignment.scope}, granting ${extra.map((a) => `'${a}'`).join(', ')} beyond what infra/roles declares for it there.`));
      }
      return;
    }
    if (isAllowed(assignment, allowList)) return;
    if (!isGallery) {
      if (role.privileged && scopeCovers(parsedScope, target.parsed)) {
        findings.push(assignmentFinding('LP001', assignment, 'high', described(assignment, target.tails.reachesAll)));
      }
      return;
    }
    if (where.coversGallery && role.privileged) {
      findings.push(assignmentFinding('LP001', assignment, 'high', described(assignment, reachesGallery)));
      return;
    }
    if (where.reachesGallery && role.definition !== undefined) {
      // What a role grants on the gallery depends on the role alone: worked out once per definition.
      let grants = galleryGrants.get(role.definition);
      if (grants === undefined) {
        const permissions = role.definition.permissions;
        const deletes = GALLERY_DELETE_ACTIONS.filter((action) => grantsAction(permissions, action));
        const writes = GALLERY_WRITE_ACTIONS.filter((action) => grantsAction(permissions, action));
        grants =
          deletes.length > 0 || writes.length > 0
            ? { severity: deletes.length > 0 ? 'high' : 'medium', tail: ` grants ${[...writes, ...deletes].join(', ')} on the gallery ${catalog.gallery.name} and is not on the allow-list.` }
            : null;
        galleryGrants.set(role.definition, grants);
      }
      if (grants !== null) findings.push(assignmentFinding('LP006', assignment, grants.severity, described(assignment, grants.tail)));
    }
  };
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

/** A subscription may hold thousands of assignments: name the first few, count the rest. */
function listSome(items: readonly string[], max = 10): string {
  return items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

type AllowList = ReadonlyMap<string, readonly LeastPrivilegePolicy['allowedPrincipals'][number][]>;

/** The allow-list keyed by lower-cased principal: one lookup per assignment instead of a pass over the list. */
function allowListByPrincipal(policy: LeastPrivilegePolicy): AllowList {
  const byPrincipal = new Map<string, LeastPrivilegePolicy['allowedPrincipals'][number][]>();
  for (const entry of policy.allowedPrincipals) {
    const key = entry.principalId.toLowerCase();
    const entries = byPrincipal.get(key);
    if (entries === undefined) byPrincipal.set(key, [entry]);
    else entries.push(entry);
  }
  return byPrincipal;
}

function isAllowed(assignment: Assignment, allowList: AllowList): boolean {
  const entries = allowList.get(assignment.principalKey);
  return entries !== undefined && entries.some((entry) => entry.roles.length === 0 || entry.roles.some((role) => roleMatches(role, assignment)));
}

/** Allow-lists name roles by definition ID, GUID or display name. */
function roleMatches(role: string, assignment: Assignment): boolean {
  const wanted = role.trim().toLowerCase();
  return roleDefinitionGuid(wanted) === assignment.role.guid || wanted === assignment.role.name?.toLowerCase();
}

/**
 * The app's roles are judged by what they grant, not by name: infra appends an installation suffix to role names,
 * and a role renamed to look like ours must not pass. Every action the held role lists must be one infra declares at
 * that exact scope (declared roles have no wildcards, so a wildcard held is always beyond them). Returns the extras.
 */
function undeclaredAppActions(assignment: Assignment, input: LeastPrivilegeInput, declaredAtScope: Map<string, ReadonlySet<string>>): string[] {
  const scope = assignment.where.parsed.normalized;
  const dataPlane = APP_DATA_PLANE_ROLES.some(
    (role) => role.guid === assignment.role.guid && assignment.where.parsed.kind === 'resource' && resourceType(assignment.where.parsed) === role.resourceType,
  );
  if (dataPlane) return [];
  let declared = declaredAtScope.get(scope);
  if (declared === undefined) {
    declared = new Set(
      input.appRoles
        .filter((role) => appRoleScopes(role.assignTo, input.catalog).some((declaredScope) => parseScope(declaredScope)?.normalized === scope))
        .flatMap((role) => role.permissions.flatMap((block) => block.actions))
        .map((action) => action.toLowerCase()),
    );
    declaredAtScope.set(scope, declared);
  }
  // A missing definition is LP008's finding; here it would only be noise.
  const held = assignment.role.definition?.permissions.flatMap((block) => block.actions) ?? [];
  const extra = held.filter((action) => !declared.has(action.toLowerCase()));
  if (assignment.role.definition !== undefined) return extra;
  return builtInRoleByGuid(assignment.role.guid) === undefined ? [] : [`every action of built-in role ${assignment.role.name ?? assignment.role.guid}`];
}

/** `…/providers/<namespace>/<type>/<name>` → `<namespace>/<type>` of the innermost provider segment. */
function resourceType(scope: ParsedScope): string | undefined {
  const segments = scope.normalized.split('/');
  const index = segments.lastIndexOf('providers');
  if (index === -1 || segments.length !== index + 4) return undefined;
  return `${segments[index + 1]}/${segments[index + 2]}`;
}

/**
 * The message of a finding on one assignment: the assignment described, then `tail`. Joined rather than concatenated:
 * the report keeps every message, and one flat string is a fraction of the chain of pieces a template literal leaves
 * for the garbage collector to copy and trace per finding.
 */
function described(assignment: Assignment, tail: string): string {
  return ['Principal ', assignment.principalId, ' (', assignment.principalType, ') holds ', assignment.role.label, ' at ', assignment.scope, '; it', tail].join('');
}

function assignmentFinding(ruleId: PolicyRuleId, assignment: Assignment, severity: Severity, message: string): PolicyFinding {
  const id = findingIdOfKeys(ruleId, assignment.where.key, assignment.principalKey, assignment.role.key);
  return createAssignmentFinding(ruleId, id, assignment.scope, assignment.principalId, assignment.roleDefinitionId, severity, message);
}
