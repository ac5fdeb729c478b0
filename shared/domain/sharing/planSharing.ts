import { readerAssignmentName } from './assignmentName';
import type { ActualAssignment, ActualSharing, DesiredSharing } from './sharingState';

export type DirectGroupType = 'Subscriptions' | 'AADTenants';

export type SharingChange =
  | {
      action: 'add' | 'remove';
      model: 'reader';
      scope: string;
      principalId: string;
      principalType?: string;
      roleDefinitionId: string;
      assignmentName: string;
    }
  | { action: 'add' | 'remove'; model: 'direct'; groupType: DirectGroupType; id: string }
  | { action: 'add'; model: 'community'; publicNamePrefix: string };

/** How the direct changes reach ARM: one `share` call each way, or one `Reset` when the catalog empties the list. */
export interface DirectOperations {
  /** The gallery is `Private`: ARM refuses `Add` until `sharingProfile.permissions` is `Groups`. */
  enableGroups: boolean;
  reset: boolean;
  add: { type: DirectGroupType; ids: string[] }[];
  remove: { type: DirectGroupType; ids: string[] }[];
}

export interface SharingPlan {
  galleryId: string;
  changes: SharingChange[];
  direct: DirectOperations;
  /** Changes the catalog asks for that the gallery's current model rules out; nothing is done about them. */
  blocked: { model: 'direct' | 'community'; reason: string }[];
  summary: { add: number; remove: number; blocked: number };
}

const lower = (s: string) => s.toLowerCase();
const guidOf = (roleDefinitionId: string) => lower(roleDefinitionId.split('/').pop() ?? '');
const readerKey = (scope: string, principalId: string) => `${lower(scope)}|${lower(principalId)}`;

/** The gallery itself or one of its image definitions: the only scopes readers are given. */
function isSharingScope(galleryId: string, scope: string): boolean {
  const g = lower(galleryId);
  const s = lower(scope);
  return s === g || (s.startsWith(`${g}/images/`) && !s.slice(g.length + '/images/'.length).includes('/'));
}

/** An assignment of the reader role the app made itself (its name says so): the only kind it ever removes. */
function isOwnReader(desired: DesiredSharing, a: ActualAssignment): boolean {
  const role = guidOf(desired.roleDefinitionId);
  return guidOf(a.roleDefinitionId) === role && isSharingScope(desired.galleryId, a.scope) && lower(a.name) === readerAssignmentName(a.scope, a.principalId, role);
}

function planReaders(desired: DesiredSharing, actual: ActualSharing): SharingChange[] {
  const role = guidOf(desired.roleDefinitionId);
  const present = new Set(
    actual.assignments.filter((a) => guidOf(a.roleDefinitionId) === role && isSharingScope(desired.galleryId, a.scope)).map((a) => readerKey(a.scope, a.principalId)),
  );
  const wanted = new Set(desired.readers.map((r) => readerKey(r.scope, r.principalId)));
  const changes: SharingChange[] = [];
  const added = new Set<string>();
  for (const r of desired.readers) {
    const key = readerKey(r.scope, r.principalId);
    if (present.has(key) || added.has(key)) continue;
    added.add(key);
    const assignmentName = readerAssignmentName(r.scope, r.principalId, role);
    changes.push({ action: 'add', model: 'reader', scope: r.scope, principalId: r.principalId, principalType: r.principalType, roleDefinitionId: desired.roleDefinitionId, assignmentName });
  }
  for (const a of actual.assignments) {
    if (!isOwnReader(desired, a) || wanted.has(readerKey(a.scope, a.principalId))) continue;
    changes.push({
      action: 'remove',
      model: 'reader',
      scope: a.scope,
      principalId: a.principalId,
      ...(a.principalType === undefined ? {} : { principalType: a.principalType }),
      roleDefinitionId: a.roleDefinitionId,
      assignmentName: a.name,
    });
  }
  return changes;
}

function difference(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b.map(lower));
  return [...new Set(a.map(lower))].filter((id) => !other.has(id)).sort();
}

const NO_DIRECT: DirectOperations = { enableGroups: false, reset: false, add: [], remove: [] };

function planDirect(desired: DesiredSharing, actual: ActualSharing, blocked: SharingPlan['blocked']): { changes: SharingChange[]; ops: DirectOperations } {
  const want = desired.direct;
  if (want === undefined) return { changes: [], ops: NO_DIRECT };
  const groups: { type: DirectGroupType; add: string[]; remove: string[] }[] = [
    { type: 'Subscriptions', add: difference(want.subscriptions, actual.subscriptions), remove: difference(actual.subscriptions, want.subscriptions) },
    { type: 'AADTenants', add: difference(want.tenants, actual.tenants), remove: difference(actual.tenants, want.tenants) },
  ];
  const adds = groups.some((g) => g.add.length > 0);
  const removes = groups.some((g) => g.remove.length > 0);
  if (!adds && !removes) return { changes: [], ops: NO_DIRECT };
  if (lower(actual.permissions) === 'community') {
    blocked.push({ model: 'direct', reason: 'the gallery is shared to the community; a gallery is shared either directly or to the community, and the app never takes a community gallery back' });
    return { changes: [], ops: NO_DIRECT };
  }
  const changes: SharingChange[] = [];
  for (const g of groups) {
    for (const id of g.remove) changes.push({ action: 'remove', model: 'direct', groupType: g.type, id });
    for (const id of g.add) changes.push({ action: 'add', model: 'direct', groupType: g.type, id });
  }
  const emptied = want.subscriptions.length === 0 && want.tenants.length === 0;
  return {
    changes,
    ops: {
      enableGroups: adds && lower(actual.permissions) !== 'groups',
      reset: emptied,
      add: groups.filter((g) => g.add.length > 0).map((g) => ({ type: g.type, ids: g.add })),
      remove: emptied ? [] : groups.filter((g) => g.remove.length > 0).map((g) => ({ type: g.type, ids: g.remove })),
    },
  };
}

function planCommunity(desired: DesiredSharing, actual: ActualSharing, blocked: SharingPlan['blocked']): SharingChange[] {
  const want = desired.community;
  if (want === undefined || lower(actual.permissions) === 'community') return [];
  if (actual.subscriptions.length > 0 || actual.tenants.length > 0) {
    blocked.push({ model: 'community', reason: 'the gallery is shared directly with subscriptions or tenants; remove those shares before sharing it to the community' });
    return [];
  }
  return [{ action: 'add', model: 'community', publicNamePrefix: want.publicNamePrefix }];
}

/**
 * What to change so the gallery's sharing matches the catalog (docs/sharing.md#reconciliation): adds what is missing;
 * removes only what the catalog manages and no longer lists (the app's own reader assignments, the direct-sharing list
 * when the catalog declares one); never takes a gallery back from the community. Applying the plan and planning again
 * gives an empty plan.
 */
export function planSharing(desired: DesiredSharing, actual: ActualSharing): SharingPlan {
  const blocked: SharingPlan['blocked'] = [];
  const readers = planReaders(desired, actual);
  const direct = planDirect(desired, actual, blocked);
  const community = planCommunity(desired, actual, blocked);
  const changes = [...readers, ...direct.changes, ...community];
  return {
    galleryId: desired.galleryId,
    changes,
    direct: direct.ops,
    blocked,
    summary: { add: changes.filter((c) => c.action === 'add').length, remove: changes.filter((c) => c.action === 'remove').length, blocked: blocked.length },
  };
}
