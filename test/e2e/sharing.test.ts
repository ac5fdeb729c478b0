/**
 * Sharing reconciliation through the real path: the compiled app in the local host, the emulated ARM, and the results
 * read back with the real SDK clients (@azure/arm-compute, @azure/arm-authorization) as a user would check them.
 */
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ComputeManagementClient } from '@azure/arm-compute';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SharingOutput } from '../../functions/contracts';
import type { Catalog } from '../../shared/domain/catalog';
import { readerAssignmentName } from '../../shared/domain/sharing/assignmentName';
import { GALLERY_READER_ROLE } from '../../shared/domain/sharing/readerRole';
import { aCatalog, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

const IMAGE = 'ubuntu-web';
const GROUP_GALLERY = 'aaaaaaaa-0000-4000-8000-000000000001';
const GROUP_IMAGE = 'aaaaaaaa-0000-4000-8000-000000000002';
const GROUP_DROPPED = 'aaaaaaaa-0000-4000-8000-000000000003';
const GROUP_BY_HAND = 'aaaaaaaa-0000-4000-8000-000000000004';
const SUB_SHARED = 'bbbbbbbb-0000-4000-8000-000000000001';
const SUB_DROPPED = 'bbbbbbbb-0000-4000-8000-000000000002';
const TENANT = 'cccccccc-0000-4000-8000-000000000001';
const GALLERY_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}`;
const DEFINITION_ID = `${GALLERY_ID}/images/${IMAGE}`;
const READER_ROLE = `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${GALLERY_READER_ROLE.roleDefinitionGuid}`;

const base = aCatalog();
const catalog: Catalog = {
  ...base,
  gallery: {
    ...base.gallery,
    sharing: {
      readers: [
        { principalId: GROUP_GALLERY, principalType: 'Group', images: [] },
        { principalId: GROUP_IMAGE, principalType: 'Group', images: [IMAGE] },
      ],
      direct: { subscriptions: [SUB_SHARED], tenants: [TENANT] },
    },
  },
};

const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'emulator-accepts-any-bearer', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

let stack: Stack;
let compute: ComputeManagementClient;
let authorization: AuthorizationManagementClient;
const FAST = { updateIntervalInMs: 1 };

async function sharingProfile() {
  return (await compute.galleries.get(GALLERY_RG, GALLERY, { select: 'Permissions' })).sharingProfile;
}

async function readers(): Promise<string[]> {
  const out: string[] = [];
  for await (const a of authorization.roleAssignments.listForScope(GALLERY_ID.slice(1))) {
    if (a.roleDefinitionId?.toLowerCase().endsWith(GALLERY_READER_ROLE.roleDefinitionGuid)) out.push(`${a.principalId ?? ''}@${a.scope === GALLERY_ID ? 'gallery' : (a.scope ?? '').split('/').pop() ?? ''}`);
  }
  return out.sort();
}

beforeAll(async () => {
  stack = await startStack({ catalog });
  const tlsOptions = { ca: stack.arm.caPem };
  compute = new ComputeManagementClient(credential, SUBSCRIPTION, { endpoint: stack.arm.url, tlsOptions });
  authorization = new AuthorizationManagementClient(credential, SUBSCRIPTION, { endpoint: stack.arm.url, tlsOptions });
  // What an earlier catalog left behind: a subscription it shared with, and a reader assignment the app made (its
  // deterministic name); plus a reader someone assigned by hand, which the app must never touch.
  await compute.galleries.update(GALLERY_RG, GALLERY, { sharingProfile: { permissions: 'Groups' } }, FAST);
  await compute.gallerySharingProfile.update(GALLERY_RG, GALLERY, { operationType: 'Add', groups: [{ type: 'Subscriptions', ids: [SUB_DROPPED] }] }, FAST);
  const dropped = readerAssignmentName(GALLERY_ID, GROUP_DROPPED, GALLERY_READER_ROLE.roleDefinitionGuid);
  await authorization.roleAssignments.create(GALLERY_ID.slice(1), dropped, { roleDefinitionId: READER_ROLE, principalId: GROUP_DROPPED, principalType: 'Group' });
  await authorization.roleAssignments.create(GALLERY_ID.slice(1), '0f0f0f0f-0000-4000-8000-000000000004', { roleDefinitionId: READER_ROLE, principalId: GROUP_BY_HAND, principalType: 'Group' });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('POST /api/sharing', () => {
  it('a dry run answers the plan (adds what is missing, removes what the catalog no longer lists) and changes nothing', async () => {
    const res = await postJson(`${stack.url}/api/sharing`, { apply: false });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const plan = res.body as SharingOutput & { runId: string };
    expect(plan.runId).toMatch(/^share-\d{14}-[0-9a-f]{6}$/);
    const brief = plan.changes.map((c) => (c.model === 'reader' ? `${c.action} ${c.principalId}@${c.scope === GALLERY_ID ? 'gallery' : c.scope.split('/').pop() ?? ''}` : c.model === 'direct' ? `${c.action} ${c.groupType} ${c.id}` : c.action));
    expect(brief.sort()).toEqual(
      [
        `add ${GROUP_GALLERY}@gallery`,
        `add ${GROUP_IMAGE}@${IMAGE}`,
        `remove ${GROUP_DROPPED}@gallery`,
        `add Subscriptions ${SUB_SHARED}`,
        `remove Subscriptions ${SUB_DROPPED}`,
        `add AADTenants ${TENANT}`,
      ].sort(),
    );
    expect(plan.summary).toEqual({ add: 4, remove: 2, blocked: 0 });
    expect(plan).toMatchObject({ apply: false, applied: [], failed: [] });
    expect(await readers()).toEqual([`${GROUP_DROPPED}@gallery`, `${GROUP_BY_HAND}@gallery`].sort());
    expect(await sharingProfile()).toMatchObject({ permissions: 'Groups', groups: [{ type: 'Subscriptions', ids: [SUB_DROPPED] }] });
  });

  it('applying makes the gallery’s sharing profile and reader assignments match the catalog, keeping the hand-made one', async () => {
    const res = await postJson(`${stack.url}/api/sharing`, { apply: true });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const status = await runUntilDone(stack, runIdOf(res));
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const out = status.output as SharingOutput;
    expect(out).toMatchObject({ status: 'Completed', apply: true, trigger: 'http', failed: [] });
    expect(out.applied).toHaveLength(6);

    const profile = await sharingProfile();
    expect(profile?.permissions).toBe('Groups');
    expect(Object.fromEntries((profile?.groups ?? []).map((g) => [g.type, g.ids]))).toEqual({ Subscriptions: [SUB_SHARED], AADTenants: [TENANT] });
    expect(await readers()).toEqual([`${GROUP_GALLERY}@gallery`, `${GROUP_IMAGE}@${IMAGE}`, `${GROUP_BY_HAND}@gallery`].sort());
    const onDefinition = [];
    for await (const a of authorization.roleAssignments.listForScope(DEFINITION_ID.slice(1), { filter: 'atScope()' })) onDefinition.push(a);
    expect(onDefinition.filter((a) => a.scope === DEFINITION_ID).map((a) => [a.principalId, a.principalType])).toEqual([[GROUP_IMAGE, 'Group']]);
  });

  it('the policy scan reports sharing outside policy.sharing.allow as high findings (SH001)', async () => {
    const scan = await postJson(`${stack.url}/api/policy/scans`);
    expect(scan.status).toBe(202);
    const done = await runUntilDone(stack, runIdOf(scan));
    const report = done.output as { findings: { ruleId: string; severity: string; principalId?: string; resource?: string }[] };
    const sharing = report.findings.filter((f) => f.ruleId === 'SH001');
    // The catalog shares with both, but its allow-list (empty by default) names neither; the scan reads the gallery itself.
    expect(sharing.filter((f) => f.resource === 'the gallery').map((f) => [f.principalId, f.severity]).sort()).toEqual([[SUB_SHARED, 'high'], [TENANT, 'high']].sort());
  });

  it('a run with nothing to change only reads: one GET of the gallery and one list of its role assignments', async () => {
    await stack.clearArmRequests();
    const res = await postJson(`${stack.url}/api/sharing`, { apply: true });
    expect(res.status).toBe(202);
    const status = await runUntilDone(stack, runIdOf(res));
    expect(status.output).toMatchObject({ changes: [], applied: [], summary: { add: 0, remove: 0 } });
    const requests = (await stack.armRequests()).filter((r) => !r.path.includes('/operations/'));
    expect(requests.map((r) => `${r.method} ${r.path.replace(GALLERY_ID, '{gallery}')}`).sort()).toEqual(
      ['GET {gallery}', 'GET {gallery}/providers/Microsoft.Authorization/roleAssignments'].sort(),
    );
  });

  it.each([
    ['apply is not a boolean', { apply: 'yes' }, { path: 'apply' }],
    ['an unknown field', { dryRun: true }, { path: 'dryRun', message: 'unknown field' }],
  ])('refuses a body where %s: 400 VALIDATION_FAILED naming the field', async (_name, body, detail) => {
    const res = await postJson(`${stack.url}/api/sharing`, body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining(detail)] } });
  });
});
