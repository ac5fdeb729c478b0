/**
 * Issue 9's role-exactness check: run the app's scenarios against the emulated ARM, map every request in its log to
 * the RBAC action and scope ARM checks (plus the linked checks it makes without a request), and compare that with
 * the roles infra/roles declares: everything observed must be granted at that scope, and everything granted must
 * have been observed or be listed in infra/roles/linked-actions.json with its reason.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoleScopes, type DeclaredAppRole } from '../../shared/domain/policy/appRoles';
import { parseScope, scopeCovers } from '../../shared/domain/policy/armScope';
import { actionMatches, grantsAction } from '../../shared/domain/policy/grantsAction';
import { parseAppRoleDefinition } from '../../shared/domain/policy/parseAppRoleDefinition';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { createRoleAssignmentAdapter } from '../../shared/adapters/azure/roleAssignmentAdapter';
import { readerAssignmentName } from '../../shared/domain/sharing/assignmentName';
import { GALLERY_READER_ROLE } from '../../shared/domain/sharing/readerRole';
import { aCatalog, anImage, anImageNamed, CAPTURE_RG, GALLERY, GALLERY_RG, SUBSCRIPTION, vmIdOf } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { seedFor, startStack, type Stack } from '../support/stack';

const ROOT = join(__dirname, '../..');
const IMAGE = 'ubuntu-web';
const DAY = 86_400;
const definitionId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${IMAGE}`;

interface LogEntry {
  method: string;
  path: string;
  status: number;
  kind: string | null;
  action: string | null;
  scope: string | null;
  linked: { action: string; scope: string; reason: string }[];
}

interface Observed {
  action: string;
  scope: string;
  via: string;
}

function declaredRoles(): DeclaredAppRole[] {
  const dir = join(ROOT, 'infra/roles');
  const roles = readdirSync(dir)
    .filter((file) => file !== 'linked-actions.json')
    .map((file) => {
      const parsed = parseAppRoleDefinition(JSON.parse(readFileSync(join(dir, file), 'utf8')));
      if (!parsed.ok) throw new Error(`${file}: ${parsed.problem}`);
      return parsed.value;
    });
  const subnetJoin = parseAppRoleDefinition({ ...JSON.parse(readFileSync(join(ROOT, 'infra/subnet-join-role.json'), 'utf8')), assignTo: 'stagingResourceGroup' });
  if (!subnetJoin.ok) throw new Error(`subnet-join-role.json: ${subnetJoin.problem}`);
  return [...roles, { ...subnetJoin.value, assignTo: 'buildSubnet' }];
}

const linkedActions = (JSON.parse(readFileSync(join(ROOT, 'infra/roles/linked-actions.json'), 'utf8')) as { actions: { action: string }[] }).actions.map((a) => a.action);


// A usage scope in a second subscription: prune searches it, and the policy scan reads that subscription's RBAC
// (infra/roles/policy-reader.json, assigned on every other subscription holding capture or usage scopes).
const OTHER_SUBSCRIPTION = '00000000-0000-4000-8000-0000000000b2';
const OTHER_USAGE_RG = 'rg-workloads';
const SHARED_SUBSCRIPTION = '00000000-0000-4000-8000-0000000000c3';
const READER_GROUP = '00000000-0000-4000-8000-0000000000d4';
const DROPPED_GROUP = '00000000-0000-4000-8000-0000000000d5';
const galleryId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}`;
const catalog = aCatalog({
  // Sharing: a reader on the gallery and a directly shared subscription (galleries/write, share, roleAssignments/write).
  gallery: { ...aCatalog().gallery, sharing: { readers: [{ principalId: READER_GROUP, principalType: 'Group', images: [] }], direct: { subscriptions: [SHARED_SUBSCRIPTION], tenants: [] } } },
  images: [
    anImage({ retention: { ...anImage().retention, keepLatest: 2, minAgeDays: 7, deprecateBeforeDeleteDays: 14, maxDeletionsPerRun: 10, mode: 'apply' } }),
    anImageNamed('img-disposable'),
    anImageNamed('img-new'),
  ],
  scopes: { ...aCatalog().scopes, usage: [...aCatalog().scopes.usage, `/subscriptions/${OTHER_SUBSCRIPTION}/resourceGroups/${OTHER_USAGE_RG}`] },
});
// Not seeded: its first build creates its definition from the catalog (galleries/images/write).
const NEW_IMAGE = 'img-new';

const staticToken: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'emulator-accepts-any-bearer', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

let stack: Stack;
let observed: Observed[] = [];

beforeAll(async () => {
  const base = seedFor(catalog);
  const versions = [{ name: '1.0.3', ageDays: 90 }, { name: '1.0.4', ageDays: 80 }, { name: '1.0.5', ageDays: 40 }, { name: '1.0.6', ageDays: 30 }];
  stack = await startStack({
    catalog,
    seed: {
      galleries: (base.galleries ?? []).map((g) => ({
        ...g,
        images: (g.images ?? []).filter((i) => i.name !== NEW_IMAGE).map((i) => (i.name === IMAGE ? { ...i, versions } : i)),
      })),
      resourceGroups: [{ name: 'rg-apps' }, { subscriptionId: OTHER_SUBSCRIPTION, name: OTHER_USAGE_RG }],
      virtualMachines: [
        { resourceGroup: 'rg-apps', name: 'vm-pinned', imageReference: { id: `${definitionId}/versions/1.0.5` } },
        {
          resourceGroup: CAPTURE_RG,
          name: 'vm-disposable',
          tags: { 'autopilot-capture-to': 'img-disposable', 'autopilot-delete-after-capture': 'true' },
          powerState: 'stopped',
          osState: 'generalized',
          deprovisioned: true,
        },
      ],
      scaleSets: [{ resourceGroup: 'rg-apps', name: 'vmss-latest', imageReference: { id: definitionId } }],
      managedImages: [{ resourceGroup: CAPTURE_RG, name: 'img-portal' }],
      snapshots: [{ resourceGroup: CAPTURE_RG, name: 'snap-os' }],
      storageAccounts: [{ resourceGroup: CAPTURE_RG, name: 'stimports', vhds: ['vhds/os.vhd'] }],
    },
  });
  // A reader assignment the app made for an earlier catalog: the sharing run removes it (roleAssignments/delete).
  const rbac = createRoleAssignmentAdapter({ armEndpoint: stack.arm.url, caPem: stack.arm.caPem, subscriptionId: SUBSCRIPTION }, staticToken);
  const role = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${GALLERY_READER_ROLE.roleDefinitionGuid}`;
  await rbac.createRoleAssignment({ scope: galleryId, name: readerAssignmentName(galleryId, DROPPED_GROUP, GALLERY_READER_ROLE.roleDefinitionGuid), roleDefinitionId: role, principalId: DROPPED_GROUP, principalType: 'Group' });
  await stack.clearArmRequests();

  // Build, capture, prune (deprecate, then delete past end of life): the app's own requests, through the local host.
  const build = await postJson(`${stack.url}/api/images/${IMAGE}/builds`, { reason: 'role exactness' });
  expect(build.status).toBe(202);
  expect((await runUntilDone(stack, runIdOf(build))).runtimeStatus).toBe('Completed');

  const newBuild = await postJson(`${stack.url}/api/images/${NEW_IMAGE}/builds`, { reason: 'first build of a new image' });
  expect(newBuild.status).toBe(202);
  expect((await runUntilDone(stack, runIdOf(newBuild))).runtimeStatus).toBe('Completed');

  const capture = await postJson(`${stack.url}/api/captures`, { vmId: vmIdOf('vm-disposable') });
  expect(capture.status).toBe(202);
  expect((await runUntilDone(stack, runIdOf(capture))).runtimeStatus).toBe('Completed');

  // Imports of each kind of source ARM checks differently (a disk is read like a snapshot).
  const sources = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${CAPTURE_RG}/providers`;
  for (const source of [
    { managedImageId: `${sources}/Microsoft.Compute/images/img-portal` },
    { snapshotId: `${sources}/Microsoft.Compute/snapshots/snap-os` },
    { vhdUri: 'https://stimports.blob.core.windows.net/vhds/os.vhd', storageAccountId: `${sources}/Microsoft.Storage/storageAccounts/stimports` },
  ]) {
    const imported = await postJson(`${stack.url}/api/imports`, { image: 'img-disposable', source });
    expect(imported.status, JSON.stringify(imported.body)).toBe(202);
    expect((await runUntilDone(stack, runIdOf(imported))).runtimeStatus).toBe('Completed');
  }

  for (const _pass of ['deprecate', 'delete']) {
    const prune = await postJson(`${stack.url}/api/images/${IMAGE}/prune?dryRun=false`);
    expect(prune.status, JSON.stringify(prune.body)).toBe(202);
    expect((await runUntilDone(stack, runIdOf(prune))).runtimeStatus).toBe('Completed');
    await stack.control('POST', 'clock', { advanceSeconds: 15 * DAY });
  }

  // Sharing: the gallery becomes a Groups gallery, is shared, and its readers are reconciled.
  const sharing = await postJson(`${stack.url}/api/sharing`, { apply: true });
  expect(sharing.status).toBe(202);
  const shared = await runUntilDone(stack, runIdOf(sharing));
  expect(shared.output, JSON.stringify(shared.output)).toMatchObject({ status: 'Completed', summary: { add: 2, remove: 1 } });

  // The policy scan's reads, through the app like every other scenario.
  const scan = await postJson(`${stack.url}/api/policy/scans`);
  expect(scan.status).toBe(202);
  expect((await runUntilDone(stack, runIdOf(scan))).runtimeStatus).toBe('Completed');

  const { body } = await stack.control('GET', 'requests');
  const entries = (body as { requests: LogEntry[] }).requests;
  // Operation-status polls are authorized as part of the operation they follow; ARM checks no action of their own.
  observed = entries.flatMap((e) => [
    ...(e.kind !== 'poll' && e.action !== null && e.scope !== null ? [{ action: e.action, scope: e.scope, via: `${e.method} ${e.path}` }] : []),
    ...e.linked.map((l) => ({ action: l.action, scope: l.scope, via: `linked (${l.reason}) of ${e.method} ${e.path}` })),
  ]);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

function grantedAt(roles: DeclaredAppRole[], action: string, scope: string): boolean {
  const target = parseScope(scope);
  if (target === undefined) return false;
  return roles.some(
    (role) => grantsAction(role.permissions, action) && appRoleScopes(role.assignTo, catalog).some((s) => { const granted = parseScope(s); return granted !== undefined && scopeCovers(granted, target); }),
  );
}

describe('role exactness: infra/roles against what the app asks ARM for', () => {
  it('ran the scenarios (the log is not empty)', () => {
    expect(observed.length).toBeGreaterThan(20);
    // Prune searched the usage scope in the second subscription, and the scan read that subscription's RBAC.
    expect(observed.filter((o) => o.scope.toLowerCase().startsWith(`/subscriptions/${OTHER_SUBSCRIPTION}`)).map((o) => o.action).sort()).toEqual(
      expect.arrayContaining(['Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleDefinitions/read', 'Microsoft.Compute/virtualMachines/read']),
    );
  });

  it('every observed action is granted at the scope it was checked at', () => {
    const roles = declaredRoles();
    const missing = observed.filter((o) => !grantedAt(roles, o.action, o.scope)).map((o) => `${o.action} at ${o.scope} (${o.via})`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('every granted action was observed within its role scopes, or is a linked action with a reason', () => {
    const unexercised: string[] = [];
    for (const role of declaredRoles()) {
      const scopes = appRoleScopes(role.assignTo, catalog).flatMap((s) => parseScope(s) ?? []);
      for (const action of role.permissions.flatMap((p) => p.actions)) {
        const seen = observed.some((o) => {
          const at = parseScope(o.scope);
          return actionMatches(action, o.action) && at !== undefined && scopes.some((s) => scopeCovers(s, at));
        });
        if (!seen && !linkedActions.some((l) => l.toLowerCase() === action.toLowerCase())) unexercised.push(`${role.roleName}: ${action}`);
      }
    }
    expect(unexercised).toEqual([]);
  });
});
