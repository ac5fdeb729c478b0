/**
 * The policy scan through the compiled app in the local host (real Durable replay, HTTP and timer triggers) and the
 * emulated ARM.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyReport } from '../../shared/domain/policy/finding';
import { atomicActions, replayInstance, scheduleMismatches, type ArmEmulator, type Clock, type LocalDurableBackend, type LocalHost } from '@image-autopilot/azure-offline';
import { aCatalog, GALLERY, GALLERY_RG, STAGING_RG, SUBSCRIPTION } from '../support/builders';
import { httpsJson, startStack, type Stack } from '../support/stack';
import { listRuns } from '../support/durableApi';
import { apiFetch } from '../support/apiAuth';

const SUB_SCOPE = `/subscriptions/${SUBSCRIPTION}`;
const GALLERY_ID = `${SUB_SCOPE}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}`;
const APP = '11111111-1111-4111-8111-111111111111';
const OWNER_USER = '22222222-2222-4222-8222-000000000001';
const WILDCARD_ROLE = 'cccccccc-0000-4000-8000-000000000001';

const catalog = aCatalog({
  policy: { ...aCatalog().policy, leastPrivilege: { ...aCatalog().policy.leastPrivilege, appPrincipalId: APP } },
});

let stack: Stack;
let arm: ArmEmulator;
let host: LocalHost;
let backend: LocalDurableBackend;
let clock: Clock;

/** The app identity holds exactly the roles infra declares, at their scopes: a clean estate. */
function cleanSeed() {
  return {
    roleDefinitions: [
      { id: 'aaaaaaaa-0000-4000-8000-000000000001', roleName: 'Image Autopilot Image Publisher-e2e', actions: ['Microsoft.Compute/galleries/read', 'Microsoft.Compute/galleries/images/versions/write'], assignableScopes: [`${SUB_SCOPE}/resourceGroups/${GALLERY_RG}`] },
      { id: 'aaaaaaaa-0000-4000-8000-000000000002', roleName: 'Image Autopilot Build Operator-e2e', actions: ['Microsoft.Compute/virtualMachines/write'], assignableScopes: [`${SUB_SCOPE}/resourceGroups/${STAGING_RG}`] },
    ],
    roleAssignments: [
      { scope: GALLERY_ID, roleDefinitionId: 'aaaaaaaa-0000-4000-8000-000000000001', principalId: APP },
      { scope: `${SUB_SCOPE}/resourceGroups/${STAGING_RG}`, roleDefinitionId: 'aaaaaaaa-0000-4000-8000-000000000002', principalId: APP },
      { scope: SUB_SCOPE, roleName: 'Reader', principalId: '33333333-3333-4333-8333-000000000001', principalType: 'Group' as const },
    ],
  };
}

beforeAll(async () => {
  stack = await startStack({ catalog, seed: cleanSeed() });
  ({ arm, host, backend, clock } = stack);
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

async function untilDone(instanceId: string): Promise<{ runtimeStatus: string; output: unknown }> {
  for (let step = 0; step < 200; step++) {
    await backend.engine.quiescent();
    const res = await fetch(`${host.url}/runtime/webhooks/durabletask/instances/${instanceId}`);
    const status = (await res.json()) as { runtimeStatus: string; output: unknown };
    if (['Completed', 'Failed', 'Terminated'].includes(status.runtimeStatus)) return status;
    clock.advance(15);
  }
  throw new Error(`${instanceId} did not finish`);
}

async function scan(): Promise<PolicyReport> {
  return (await scanWithId()).report;
}

async function scanWithId(): Promise<{ id: string; report: PolicyReport }> {
  const started = await apiFetch(`${host.url}/api/policy/scans`, { method: 'POST' });
  expect(started.status).toBe(202);
  const { id, runId } = (await started.json()) as { id: string; runId: string };
  expect(runId).toMatch(/^policy-scan-\d{14}-[0-9a-f]{6}$/);
  expect(id).toBe(runId);
  const done = await untilDone(id);
  expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
  return { id, report: done.output as PolicyReport };
}

async function seed(document: unknown): Promise<void> {
  const res = await httpsJson(`${arm.url}/_emulator/seed`, arm.caPem, 'POST', document);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

describe('policy scan through the local host', () => {
  // One scenario, because each step changes what the next one sees: no report, a clean estate, a seeded one.
  it('404 NO_REPORT before any scan; a clean estate yields zero findings; seeded over-privilege and bad names appear with their severities', async () => {
    const none = await apiFetch(`${host.url}/api/policy/report`);
    expect(none.status).toBe(404);
    expect(await none.json()).toMatchObject({ error: { code: 'NO_REPORT' } });

    const report = await scan();
    expect(report.findings).toEqual([]);
    expect(report.summary).toEqual({ high: 0, medium: 0, low: 0 });
    const res = await apiFetch(`${host.url}/api/policy/report`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(report);

    await seed({
      defaults: { subscriptionId: SUBSCRIPTION, location: catalog.gallery.location },
      roleDefinitions: [{ id: WILDCARD_ROLE, roleName: 'Everything', actions: ['*'], assignableScopes: [SUB_SCOPE] }],
      roleAssignments: [
        { scope: SUB_SCOPE, roleName: 'Owner', principalId: OWNER_USER, principalType: 'User' },
        { scope: SUB_SCOPE, roleName: 'Contributor', principalId: APP },
      ],
      galleries: [
        { resourceGroup: GALLERY_RG, name: GALLERY, images: [{ name: catalog.images[0]?.name ?? 'ubuntu-web', versions: [{ name: '1.0.0' }, { name: '1.3000000000.0' }] }] },
        { resourceGroup: 'rg-legacy', name: 'Legacy.Images', images: [{ name: 'win2019-custom' }] },
      ],
    });
    const seeded = await scan();
    expect(seeded.findings.map((f) => [f.ruleId, f.severity, f.principalId ?? f.roleDefinitionId?.split('/').pop() ?? f.resource?.split('/').pop()])).toEqual([
      ['LP001', 'high', OWNER_USER],
      ['LP004', 'high', WILDCARD_ROLE],
      ['LP007', 'high', APP],
      ['NM001', 'medium', '1.3000000000.0'],
      ['NM002', 'low', 'Legacy.Images'],
    ]);
    const served = (await (await apiFetch(`${host.url}/api/policy/report`)).json()) as PolicyReport;
    expect(served.summary).toEqual({ high: 3, medium: 1, low: 1 });
  });

  it('the timer scheduledPolicyScan starts a scan marked as scheduled', async () => {
    const res = await fetch(`${host.url}/admin/functions/scheduledPolicyScan`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(202);
    // The admin API answers before the timer function runs: wait (bounded) for the instance it starts.
    let scheduled: string[] = [];
    for (let attempt = 0; attempt < 100 && scheduled.length === 0; attempt++) {
      await backend.engine.quiescent();
      const list = await fetch(`${host.url}/runtime/webhooks/durabletask/instances?showInput=true`);
      const instances = (await list.json()) as { instanceId: string; input: { trigger?: string } | null }[];
      scheduled = instances.filter((i) => i.instanceId.startsWith('policy-scan-') && i.input?.trigger === 'schedule').map((i) => i.instanceId);
      if (scheduled.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(scheduled).toHaveLength(1);
    const done = await untilDone(scheduled[0] ?? '');
    expect(done.runtimeStatus).toBe('Completed');
    // A run of its own in the app's run history, marked as the timer's.
    expect(await listRuns(host.url, { kind: 'policy-scan', top: 1 })).toEqual([expect.objectContaining({ runId: scheduled[0], trigger: 'schedule' })]);
  });

  it('replaying a finished scan history twice yields the same actions and the same report (determinism)', async () => {
    const { id, report } = await scanWithId();
    const target = { backend, invoker: host.invoker };
    const first = await replayInstance(target, id);
    const second = await replayInstance(target, id);
    expect(second).toEqual(first);
    expect(first.isDone).toBe(true);
    expect(first.output).toEqual(report);
    // Every action the replay produces matches, in order, what the host recorded scheduling for it.
    expect(scheduleMismatches(backend, id, first)).toEqual([]);
    // (The first activity is raced with the `cancel` event, whose wait is an action without a function name.)
    expect(atomicActions(first).map((a) => a.functionName).filter((name) => name !== undefined).slice(0, 4)).toEqual(['readPolicyRbac', 'listPolicyNames', 'readGallerySharingProfile', 'planPolicyReport']);
  });
});
