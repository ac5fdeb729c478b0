/**
 * The policy scan when a usage scope lives in a second subscription: the compiled app in the local host reads that
 * subscription's RBAC from the emulated ARM and judges it with its own definitions (docs/policy.md, "Rules").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyReport } from '../../shared/domain/policy/finding';
import { atomicActions, replayInstance } from '@image-autopilot/azure-offline';
import { aCatalog, GALLERY, GALLERY_RG, STAGING_RG, SUBSCRIPTION } from '../support/builders';
import { postJson, runUntilDone } from '../support/durableApi';
import { httpsJson, startStack, type Stack } from '../support/stack';
import { apiFetch } from '../support/apiAuth';

const SUB_SCOPE = `/subscriptions/${SUBSCRIPTION}`;
const GALLERY_ID = `${SUB_SCOPE}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}`;
const OTHER_SUB = '00000000-0000-4000-8000-0000000000b2';
const OTHER_SCOPE = `/subscriptions/${OTHER_SUB}`;
const WORKLOADS_RG = 'rg-workloads';
const WORKLOADS = `${OTHER_SCOPE}/resourceGroups/${WORKLOADS_RG}`;
const APP = '11111111-1111-4111-8111-111111111111';
const OWNER_USER = '22222222-2222-4222-8222-0000000000b1';
const PUBLISHER = 'aaaaaaaa-0000-4000-8000-000000000001';
const BUILDER = 'aaaaaaaa-0000-4000-8000-000000000002';
const USAGE_READER = 'aaaaaaaa-0000-4000-8000-0000000000b1';
const POLICY_READER = 'aaaaaaaa-0000-4000-8000-0000000000b2';
// Defined only in the second subscription: resolvable from its own list, unknown to the gallery subscription's.
const WORKLOAD_ADMIN = 'cccccccc-0000-4000-8000-0000000000b1';

const base = aCatalog();
const catalog = aCatalog({
  scopes: { capture: base.scopes.capture, usage: [SUB_SCOPE, WORKLOADS] },
  policy: { ...base.policy, leastPrivilege: { ...base.policy.leastPrivilege, appPrincipalId: APP } },
});

/** Both subscriptions as infra leaves them: the app holds exactly its declared roles, a group reads. */
function cleanSeed() {
  return {
    subscriptions: [{ id: OTHER_SUB, displayName: 'workloads' }],
    resourceGroups: [{ subscriptionId: OTHER_SUB, name: WORKLOADS_RG }],
    roleDefinitions: [
      { id: PUBLISHER, roleName: 'Image Autopilot Image Publisher-e2e', actions: ['Microsoft.Compute/galleries/read', 'Microsoft.Compute/galleries/images/versions/write'], assignableScopes: [`${SUB_SCOPE}/resourceGroups/${GALLERY_RG}`] },
      { id: BUILDER, roleName: 'Image Autopilot Build Operator-e2e', actions: ['Microsoft.Compute/virtualMachines/write'], assignableScopes: [`${SUB_SCOPE}/resourceGroups/${STAGING_RG}`] },
      { id: USAGE_READER, roleName: 'Image Autopilot Usage Reader-e2e', actions: ['Microsoft.Compute/virtualMachines/read', 'Microsoft.Compute/virtualMachineScaleSets/read'], assignableScopes: [SUB_SCOPE, WORKLOADS] },
      { id: POLICY_READER, roleName: 'Image Autopilot Policy Reader-e2e', actions: ['Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleDefinitions/read'], assignableScopes: [OTHER_SCOPE] },
    ],
    roleAssignments: [
      { scope: GALLERY_ID, roleDefinitionId: PUBLISHER, principalId: APP },
      { scope: `${SUB_SCOPE}/resourceGroups/${STAGING_RG}`, roleDefinitionId: BUILDER, principalId: APP },
      { scope: SUB_SCOPE, roleDefinitionId: USAGE_READER, principalId: APP },
      { scope: WORKLOADS, roleDefinitionId: USAGE_READER, principalId: APP },
      { scope: OTHER_SCOPE, roleDefinitionId: POLICY_READER, principalId: APP },
      { scope: OTHER_SCOPE, roleName: 'Reader', principalId: '33333333-3333-4333-8333-0000000000b1', principalType: 'Group' as const },
    ],
  };
}

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ catalog, seed: cleanSeed() });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

async function scan(): Promise<PolicyReport> {
  return (await scanWithId()).report;
}

async function scanWithId(): Promise<{ id: string; report: PolicyReport }> {
  const started = await postJson(`${stack.url}/api/policy/scans`);
  expect(started.status).toBe(202);
  const { id } = started.body as { id: string };
  const done = await runUntilDone(stack, id);
  expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
  return { id, report: done.output as PolicyReport };
}

async function seed(document: unknown): Promise<void> {
  const res = await httpsJson(`${stack.arm.url}/_emulator/seed`, stack.arm.caPem, 'POST', document);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

describe('policy scan of a usage scope in another subscription, through the local host', () => {
  // One scenario: the clean estate first, then over-privilege layered onto the second subscription.
  it('reads the second subscription once; a clean one adds no findings; over-privilege there is reported with its own scope', async () => {
    await stack.clearArmRequests();
    const clean = await scan();
    expect(clean.findings).toEqual([]);
    const reads = (await stack.armRequests()).filter((r) => r.method === 'GET' && /\/providers\/Microsoft\.Authorization\/role(Assignments|Definitions)$/i.test(r.path));
    expect(reads.map((r) => r.path.replace(/\/providers\/Microsoft\.Authorization\//i, ' ')).sort()).toEqual(
      [`${SUB_SCOPE} roleAssignments`, `${SUB_SCOPE} roleDefinitions`, `${OTHER_SCOPE} roleAssignments`, `${OTHER_SCOPE} roleDefinitions`].sort(),
    );

    await seed({
      defaults: { subscriptionId: OTHER_SUB, location: catalog.gallery.location },
      roleDefinitions: [{ id: WORKLOAD_ADMIN, roleName: 'Workload Admin', actions: ['*'], assignableScopes: [OTHER_SCOPE] }],
      roleAssignments: [
        // The app's identity beyond what infra declares for it at the usage scope: built-in and a role only there.
        { scope: WORKLOADS, roleName: 'Contributor', principalId: APP },
        { scope: OTHER_SCOPE, roleDefinitionId: WORKLOAD_ADMIN, principalId: APP },
        { scope: OTHER_SCOPE, roleName: 'Owner', principalId: OWNER_USER, principalType: 'User' },
      ],
    });
    const seeded = await scan();
    expect(seeded.findings.map((f) => [f.ruleId, f.severity, f.scope, f.principalId ?? f.roleDefinitionId?.split('/').pop()])).toEqual([
      ['LP001', 'high', OTHER_SCOPE, OWNER_USER],
      ['LP004', 'high', OTHER_SCOPE, WORKLOAD_ADMIN],
      // Sorted by id: the resource group's `/resourcegroups…` sorts before the subscription's `:`.
      ['LP007', 'high', WORKLOADS, APP],
      ['LP007', 'high', OTHER_SCOPE, APP],
    ]);
    expect(seeded.findings.map((f) => f.ruleId)).not.toContain('LP009');
    expect(seeded.findings.find((f) => f.scope === WORKLOADS)?.message).toMatch(/'Contributor'/);
    const served = (await (await apiFetch(`${stack.url}/api/policy/report`)).json()) as PolicyReport;
    expect(served.summary).toEqual({ high: 4, medium: 0, low: 0 });
  });

  it('replaying the scan history twice yields the same reads, in order, and the same report (determinism)', async () => {
    const { id, report } = await scanWithId();
    const replay = () => replayInstance({ backend: stack.backend, invoker: stack.host.invoker }, id);
    const first = await replay();
    expect(await replay()).toEqual(first);
    expect(first.output).toEqual(report);
    expect(atomicActions(first).map((a) => a.functionName).filter((name) => name !== undefined).slice(0, 5)).toEqual(['readPolicyRbac', 'readPolicyRbac', 'listPolicyNames', 'readGallerySharingProfile', 'planPolicyReport']);
  });
});
