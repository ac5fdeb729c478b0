import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RebuildRunOutput } from '../../functions/contracts';
import { EVENT_TYPES } from '../../shared/domain/notifications/eventTypes';
import type { NotificationEvent } from '../../shared/ports/notificationPort';
import { armReader, imageRef } from '../support/armReader';
import { aCapturableVmSeed, aCatalog, anImage, anImageNamed, CAPTURE_RG, vmIdOf } from '../support/builders';
import { getInstance, listRuns, postJson, runIdOf, runUntilDone, type InstanceStatus } from '../support/durableApi';
import { expectDeterministicFailedReplay } from '../support/replay';
import { startStack, type Stack } from '../support/stack';
import { triggerScheduledRebuild } from './handsOffSupport';
import { aDeprecatedSeed, aVersionSeed, pruneSeed } from './pruneSeed';

// A cancel raised through the Durable HTTP API, as POST /api/runs/{id}/cancel does: each run stops at its next step
// or durable wait, and the failure cleanup leaves no VM and no version behind.
const TOPIC = 'cancel';
const EOL_PASSED = '2026-11-20T00:00:00.000Z';
const images = {
  customize: anImageNamed('img-cancel-customize'),
  replicate: anImageNamed('img-cancel-replicate'),
  scheduled: anImageNamed('img-cancel-scheduled'),
  early: anImageNamed('img-cancel-early'),
  capture: anImageNamed('img-cancel-capture'),
  prune: anImageNamed('img-cancel-prune', { retention: { ...anImage().retention, keepLatest: 1, minAgeDays: 7, maxDeletionsPerRun: 10, maxDeleteShare: 1, mode: 'apply' } }),
};
const catalog = aCatalog({ images: Object.values(images) });
const CAPTURED_VM = 'vm-cancel-capture';
const prunable = [aVersionSeed('1.0.5', 2), ...['1.0.4', '1.0.3', '1.0.2', '1.0.1'].map((name, i) => aDeprecatedSeed(name, 40 + i * 10, EOL_PASSED))];

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    catalog,
    topic: TOPIC,
    seed: { ...pruneSeed(catalog, { versions: { [images.prune.name]: prunable } }), virtualMachines: [aCapturableVmSeed(CAPTURED_VM, images.capture.name)] },
    log: process.env['E2E_LOG'] ? (line) => console.log(line) : undefined,
  });
});
afterAll(async () => {
  await stack?.stop();
});

interface Custom {
  step?: string;
  detail?: string;
  failure?: { step: string; code: string | null; message: string };
}

const custom = (status: InstanceStatus | undefined) => (status?.customStatus ?? {}) as Custom;
const vmsOf = async (instanceId: string) =>
  (await armReader(stack).compute.listVms(catalog.gallery.subscriptionId, catalog.staging.resourceGroup)).filter((vm) => vm.tags['autopilot-instance'] === instanceId);
const versionsOf = async (image: string) => (await armReader(stack).gallery.listImageVersions(imageRef(stack, image))).map((v) => v.name).sort();
const failureTags = async (image: string) => {
  const definition = await armReader(stack).gallery.getImageDefinition(imageRef(stack, image));
  return Object.fromEntries(Object.entries(definition.tags).filter(([k]) => k.startsWith('autopilot-')));
};

async function eventsOf(instanceId: string): Promise<NotificationEvent[]> {
  const { body } = await stack.control('GET', `topics/${TOPIC}/events`);
  return (body as { events: NotificationEvent[] }).events.filter((e) => e.data.instanceId === instanceId).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

/** Steps the shared clock until the instance is in `step` (and, when given, its detail matches). */
async function waitForStep(instanceId: string, step: string, detail?: RegExp): Promise<void> {
  for (let i = 0; i < 400; i++) {
    await stack.backend.engine.quiescent();
    const status = await getInstance(stack.url, instanceId);
    const now = custom(status);
    if (now.step === step && (detail === undefined || detail.test(now.detail ?? ''))) return;
    if (status !== undefined && !['Running', 'Pending'].includes(status.runtimeStatus)) throw new Error(`${instanceId} ended ${status.runtimeStatus} before step ${step}`);
    stack.clock.advance(15);
  }
  throw new Error(`${instanceId} never reached step ${step}`);
}

function raiseCancel(instanceId: string, requestedBy?: string) {
  return postJson(`${stack.url}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}/raiseEvent/cancel`, requestedBy === undefined ? {} : { requestedBy });
}

/** Cancels in `step`, runs the instance to its end, and says how many ARM requests the cancel and its cleanup cost. */
async function cancelIn(instanceId: string, step: string, requestedBy?: string): Promise<InstanceStatus> {
  await waitForStep(instanceId, step);
  await stack.clearArmRequests();
  expect((await raiseCancel(instanceId, requestedBy)).status).toBe(202);
  const status = await runUntilDone(stack, instanceId);
  const requests = await stack.armRequests();
  console.log(`cancel of ${instanceId} during ${step}: ${requests.length} ARM requests until it ended (${requests.map((r) => `${r.method} ${r.status}`).join(', ')})`);
  return status;
}

async function startBuild(image: string): Promise<string> {
  const started = await postJson(`${stack.url}/api/images/${image}/builds`, {});
  expect(started.status).toBe(202);
  return runIdOf(started);
}

/** The build of `image` a scheduled run started (its child run); steps the clock until the run has claimed it. */
async function childBuildOf(parentRunId: string, image: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    await stack.backend.engine.quiescent();
    const child = (await listRuns(stack.url, { kind: 'build', image })).find((r) => r.parentRunId === parentRunId);
    if (child !== undefined) return child.runId;
    stack.clock.advance(15);
  }
  throw new Error(`${parentRunId} never started a build of ${image}`);
}

describe('cancelling a build', () => {
  it('during a customization step: the build ends CANCELLED on step cancelled, its VM deleted, no version, Build.Cancelled published', async () => {
    const id = await startBuild(images.customize.name);
    const status = await cancelIn(id, 'customize', 'alice@example.com');

    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/^Orchestrator function 'buildImage' failed: CANCELLED: cancelled during step customize by alice@example\.com$/);
    expect(custom(status)).toMatchObject({ step: 'cancelled', detail: 'customize: CANCELLED', failure: { step: 'customize', code: 'CANCELLED' } });
    expect(await vmsOf(id)).toEqual([]);
    expect(await versionsOf(images.customize.name)).toEqual([]);
    expect((await eventsOf(id)).map((e) => e.type)).toEqual([EVENT_TYPES.buildStarted, EVENT_TYPES.buildCancelled]);
    expect((await eventsOf(id))[1]?.data).toMatchObject({ errorCode: 'CANCELLED', image: images.customize.name });
    expect(await failureTags(images.customize.name)).toEqual({});
    await expectDeterministicFailedReplay(stack, id, 'CANCELLED: cancelled during step customize by alice@example.com');
  });

  it('while waiting for replication: the version it created is deleted, then the VM', async () => {
    const id = await startBuild(images.replicate.name);
    const status = await cancelIn(id, 'replicate');

    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toBe("Orchestrator function 'buildImage' failed: CANCELLED: cancelled during step replicate");
    expect(custom(status)).toMatchObject({ step: 'cancelled', failure: { step: 'replicate', code: 'CANCELLED' } });
    expect(await versionsOf(images.replicate.name)).toEqual([]);
    expect(await vmsOf(id)).toEqual([]);
    expect((await eventsOf(id)).map((e) => e.type)).toEqual([EVENT_TYPES.buildStarted, EVENT_TYPES.buildCancelled]);
  });

  it('raised as soon as the build starts: it stops at its first step boundary, before any build VM exists, and still sweeps', async () => {
    await stack.clearArmRequests();
    // The build's first request, the definition read, is throttled beyond what an activity sits through: the build
    // waits on a durable timer, which the simulated clock holds until the cancel has arrived.
    expect((await stack.control('POST', 'faults', { method: 'GET', path: `/images/${images.early.name}`, status: 429, retryAfter: 120, count: 1 })).status).toBe(201);
    const id = await startBuild(images.early.name);
    expect((await raiseCancel(id)).status).toBe(202);
    const status = await runUntilDone(stack, id);
    expect(status.runtimeStatus).toBe('Failed');
    expect(custom(status)).toMatchObject({ step: 'cancelled', failure: { step: 'definition', code: 'CANCELLED' } });
    const requests = await stack.armRequests();
    console.log(`cancel of ${id} at its start: ${requests.length} ARM requests in all`);
    expect(requests.filter((r) => r.method === 'PUT' && r.path.toLowerCase().includes('/virtualmachines/'))).toEqual([]);
    // A build sweeps with the first read of its VM; one that ends before it has a VM sweeps on its way out.
    expect(requests.filter((r) => r.method === 'GET' && /\/virtualMachines$/i.test(r.path)).map((r) => r.status)).toEqual([200]);
    expect((await eventsOf(id)).map((e) => e.type)).toEqual([EVENT_TYPES.buildCancelled]);
  });

  it('a finished instance answers 410 to another cancel, and 404 names an unknown one', async () => {
    const [finished] = await listRuns(stack.url, { kind: 'build', image: images.customize.name });
    expect(finished?.status).toBe('Cancelled');
    expect((await raiseCancel(finished?.runId ?? '')).status).toBe(410);
    expect((await raiseCancel('build-no-such-image-20261125080000-abcdef')).status).toBe(404);
  });

  it('of a scheduled run: reported as cancelled, not counted as a failure towards auto-pause', async () => {
    const runId = await triggerScheduledRebuild(stack);
    const buildId = await childBuildOf(runId, images.scheduled.name);
    await waitForStep(buildId, 'customize');
    expect((await raiseCancel(buildId, 'ops')).status).toBe(202);
    const run = await runUntilDone(stack, runId, 15, 4000);
    expect(run.runtimeStatus, JSON.stringify(run.output)).toBe('Completed');
    const item = (run.output as RebuildRunOutput).items.find((i) => i.image === images.scheduled.name);
    expect(item?.build).toMatchObject({ outcome: 'cancelled', error: expect.stringMatching(/CANCELLED: cancelled during step customize by ops/) });
    expect(await failureTags(images.scheduled.name)).toEqual({});
    expect(await vmsOf(buildId)).toEqual([]);
  });
});

describe('cancelling a capture', () => {
  it('while waiting for replication: the version it created is deleted, Capture.Cancelled published, the source VM kept', async () => {
    const vmId = vmIdOf(CAPTURED_VM);
    // (The scheduled run above built this image too: only what the capture created must be gone.)
    const before = await versionsOf(images.capture.name);
    const started = await postJson(`${stack.url}/api/captures`, { vmId });
    expect(started.status).toBe(202);
    const id = runIdOf(started);
    const status = await cancelIn(id, 'replicate', 'carol');

    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/CANCELLED: cancelled during step replicate by carol$/);
    expect(custom(status)).toMatchObject({ step: 'cancelled', failure: { step: 'replicate', code: 'CANCELLED' } });
    expect(await versionsOf(images.capture.name)).toEqual(before);
    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual([EVENT_TYPES.captureCancelled]);
    const planned = (events[0]?.data as { version?: string } | undefined)?.version;
    expect(events[0]?.data).toMatchObject({ sourceVmId: vmId, errorCode: 'CANCELLED', version: expect.any(String) });
    expect(before).not.toContain(planned);
    expect((await armReader(stack).compute.listVms(catalog.gallery.subscriptionId, CAPTURE_RG)).map((vm) => vm.name)).toContain(CAPTURED_VM);
  });
});

describe('cancelling an applied prune', () => {
  it('stops before its next delete: the versions not yet deleted stay, Prune.Cancelled is published', async () => {
    // Every DELETE of a version is throttled once: the run waits on a durable timer, where the cancel finds it.
    expect((await stack.control('POST', 'faults', { method: 'DELETE', path: `/images/${images.prune.name}/versions/`, status: 429, retryAfter: 120, count: 1 })).status).toBe(201);
    const started = await postJson(`${stack.url}/api/images/${images.prune.name}/prune?dryRun=false`);
    expect(started.status).toBe(202);
    const id = runIdOf(started);
    const status = await cancelIn(id, 'deleting', 'bob');

    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/^Orchestrator function 'pruneImage' failed: CANCELLED: cancelled during step deleting by bob$/);
    expect(custom(status)).toMatchObject({ step: 'cancelled', failure: { step: 'deleting', code: 'CANCELLED' } });
    // (The scheduled run above may have built a newer version of this image too.)
    expect((await versionsOf(images.prune.name)).filter((v) => v.startsWith('1.0.'))).toEqual(['1.0.1', '1.0.2', '1.0.3', '1.0.4', '1.0.5']);
    expect((await eventsOf(id)).map((e) => e.type)).toEqual([EVENT_TYPES.pruneCancelled]);
  });
});

describe('cancelling a policy scan', () => {
  it('raised at once: it stops at its next step, on step cancelled, with no report', async () => {
    const started = await postJson(`${stack.url}/api/policy/scans`);
    expect(started.status).toBe(202);
    const id = runIdOf(started);
    expect(started.body).toMatchObject({ id });
    expect((await raiseCancel(id, 'dave')).status).toBe(202);
    const status = await runUntilDone(stack, id);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/CANCELLED: cancelled during step \S+ by dave$/);
    expect(custom(status)).toMatchObject({ step: 'cancelled', failure: { code: 'CANCELLED' } });
  });
});
