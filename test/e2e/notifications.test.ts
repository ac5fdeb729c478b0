import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput, PruneOutput } from '../../functions/contracts';
import { EVENT_TYPES } from '../../shared/domain/notifications/eventTypes';
import { NOTIFICATION_WARNINGS } from '../../functions/orchestrators/notify/notify';
import { publishNotification } from '../../functions/contracts/notifications';
import type { NotificationEvent } from '../../shared/ports/notificationPort';
import { createClock, EventType, startArmEmulator, type ArmEmulator, type Clock, type LocalDurableBackend, type LocalHost } from '@image-autopilot/azure-offline';
import { aCapturableVmSeed, aCatalog, anImage, anImageNamed, CAPTURE_RG, vmIdOf } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { aDeprecatedSeed, aVersionSeed, pruneSeed } from './pruneSeed';
import { appSettings, clockStart, httpsJson, mergedSeed, startAppHost, writeCatalog } from '../support/stack';
import { apiFetch } from '../support/apiAuth';

/**
 * The same stack as test/support/stack.ts, except that NOTIFY_TOPIC_ENDPOINT must name the emulated ARM's own
 * topic, so the ARM emulator starts before the app's settings are written.
 */
const TOPIC = 'autopilot';
const pruned = anImageNamed('img-prune-notify', { retention: { ...anImage().retention, keepLatest: 1, mode: 'apply' } });
const images = {
  web: anImage(),
  pruned,
  stepFails: anImageNamed('img-notify-fails', { customization: [{ name: 'break', type: 'shell', inline: ['echo e2e-notify-break'], timeoutSeconds: 300 }] }),
  topicDown: anImageNamed('img-topic-down'),
  buildDegraded: anImageNamed('img-build-degraded'),
  captureDegraded: anImageNamed('img-capture-degraded'),
};
const catalog = aCatalog({ images: Object.values(images) });
const capturedVm = { resourceGroup: CAPTURE_RG, name: 'vm-notify', tags: { 'autopilot-capture-to': 'ubuntu-web' }, powerState: 'stopped' as const, osState: 'generalized' as const, deprovisioned: true };
const degradedVm = aCapturableVmSeed('vm-notify-degraded', images.captureDegraded.name);

let arm: ArmEmulator;
let host: LocalHost;
let backend: LocalDurableBackend;
let clock: Clock;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'autopilot-notify-'));
  clock = createClock({ mode: 'virtual', start: clockStart });
  const versions = [aVersionSeed('1.0.5', 1), aVersionSeed('1.0.4', 30), aDeprecatedSeed('1.0.3', 60, '2026-11-01T00:00:00.000Z'), aDeprecatedSeed('1.0.2', 70, '2026-11-01T00:00:00.000Z')];
  const seed = mergedSeed(catalog, { ...pruneSeed(catalog, { versions: { [pruned.name]: versions } }), virtualMachines: [capturedVm, degradedVm] });
  arm = await startArmEmulator({ port: 0, clock, seed });
  const settings = appSettings(arm, writeCatalog(dir, catalog), { NOTIFY_TOPIC_ENDPOINT: `${arm.url}/_emulator/topics/${TOPIC}/api/events` });
  ({ host, backend } = await startAppHost({ clock, settings, log: () => undefined }));
});
afterAll(async () => {
  await host?.stop();
  await arm?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const stack = () => ({ backend, url: host.url, clock });
const control = (method: string, path: string, body?: unknown) => httpsJson(`${arm.url}/_emulator/${path}`, arm.caPem, method, body);

/** The events one orchestration published, ordered by `time` as a consumer must (Event Grid does not keep order). */
async function eventsOf(instanceId: string): Promise<NotificationEvent[]> {
  const { body } = await control('GET', `topics/${TOPIC}/events`);
  const all = (body as { events: NotificationEvent[] }).events;
  return all.filter((e) => e.data.instanceId === instanceId).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
}

async function build(image: string) {
  const started = await postJson(`${host.url}/api/images/${image}/builds`, {});
  expect(started.status).toBe(202);
  return runUntilDone(stack(), runIdOf(started));
}

/** A region that fails its first replication and every retry: the version stays unpromoted. */
async function failRegion(image: string, region: string) {
  expect((await control('POST', 'faults', { method: 'PUT', path: `/images/${image}/versions/`, region, count: 1 })).status).toBe(201);
  expect((await control('POST', 'faults', { method: 'PATCH', path: `/images/${image}/versions/`, region, count: 10 })).status).toBe(201);
}

async function lastBuildOf(image: string): Promise<Record<string, unknown> | null | undefined> {
  const listed = (await (await apiFetch(`${host.url}/api/images`)).json()) as { images: { name: string; lastBuild: Record<string, unknown> | null }[] };
  return listed.images.find((i) => i.name === image)?.lastBuild;
}

describe('notifications of a run, at the emulated Event Grid topic', () => {
  it('a build publishes Build.Started, Version.Promoted and Build.Succeeded, in that order of time, each naming image, version and instance', async () => {
    const status = await build('ubuntu-web');
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const output = status.output as BuildOutput;
    const events = await eventsOf(status.instanceId);
    expect(events.map((e) => e.type)).toEqual([EVENT_TYPES.buildStarted, EVENT_TYPES.versionPromoted, EVENT_TYPES.buildSucceeded]);
    const times = events.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(3);
    const galleryId = `/subscriptions/${catalog.gallery.subscriptionId}/resourceGroups/${catalog.gallery.resourceGroup}/providers/Microsoft.Compute/galleries/${catalog.gallery.name}`;
    for (const event of events) {
      expect(event).toMatchObject({ specversion: '1.0', source: galleryId, subject: `images/ubuntu-web/versions/${output.version}` });
      expect(event.data).toMatchObject({ image: 'ubuntu-web', version: output.version, instanceId: status.instanceId });
      // The orchestration's (virtual) clock, not the wall clock.
      expect(Date.parse(event.time)).toBeGreaterThanOrEqual(clockStart.getTime());
      expect(Date.parse(event.time)).toBeLessThanOrEqual(clock.now().getTime());
    }
    expect(events[0]?.data).toMatchObject({ buildId: output.buildId, trigger: 'http' });
    expect(events[2]?.data).toMatchObject({ buildId: output.buildId, promoted: true, failedRegions: [] });
    expect(output.status).toBe('Succeeded');
    expect(new Set(events.map((e) => e.id)).size).toBe(3);
    const { body } = await control('GET', `topics/${TOPIC}/deliveries`);
    for (const delivery of (body as { deliveries: { audience: string }[] }).deliveries) expect(delivery.audience).toBe('https://eventgrid.azure.net');
  });

  it('a failing build publishes Build.Failed with its planned version and the error code, and still fails', async () => {
    await control('POST', 'runcommand-failures', { scriptContains: 'e2e-notify-break', exitCode: 2, output: 'broken on purpose' });
    const status = await build('img-notify-fails');
    expect(status.runtimeStatus).toBe('Failed');
    const events = await eventsOf(status.instanceId);
    expect(events.map((e) => e.type)).toEqual([EVENT_TYPES.buildStarted, EVENT_TYPES.buildFailed]);
    expect(events[1]?.data).toMatchObject({ image: 'img-notify-fails', version: '1.0.0', errorCode: 'STEP_FAILED', buildId: events[0]?.data.buildId });
    expect(String(events[1]?.data.error)).toContain('broken on purpose');
    // The run ends on its own final step naming what failed, not on the build VM cleanup that ran after it.
    expect(status.customStatus).toMatchObject({ step: 'failed', detail: 'customize: STEP_FAILED', percent: 100, buildId: events[0]?.data.buildId, failure: { step: 'customize', code: 'STEP_FAILED' } });
    const lastBuild = await lastBuildOf('img-notify-fails');
    expect(lastBuild).toMatchObject({ instanceId: status.instanceId, runId: status.instanceId, status: 'Failed', error: { step: 'customize', code: 'STEP_FAILED', message: expect.stringContaining('broken on purpose') } });
    const statusUrl = String(lastBuild?.['statusUrl']);
    expect(await (await fetch(statusUrl)).json()).toMatchObject({ instanceId: status.instanceId, runtimeStatus: 'Failed' });
  });

  it('a build whose version stayed unpromoted because a region failed ends Degraded: Build.Degraded, not Build.Succeeded', async () => {
    await failRegion(images.buildDegraded.name, 'eastus');
    const status = await build(images.buildDegraded.name);
    // Durable has no "Degraded" runtime status: the run completes, and says so in its output and GET /api/images.
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const output = status.output as BuildOutput;
    expect(output).toMatchObject({ status: 'Degraded', promoted: false, failedRegions: ['eastus'] });
    const events = await eventsOf(status.instanceId);
    expect(events.map((e) => e.type)).toEqual([EVENT_TYPES.buildStarted, EVENT_TYPES.buildDegraded]);
    expect(events[1]?.data).toMatchObject({ version: output.version, promoted: false, failedRegions: ['eastus'], buildId: output.buildId });
    expect(await lastBuildOf(images.buildDegraded.name)).toMatchObject({ runId: status.instanceId, status: 'Degraded', version: output.version, error: null });
  });

  it('a capture whose version stayed unpromoted because a region failed publishes Capture.Degraded', async () => {
    await failRegion(images.captureDegraded.name, 'northeurope');
    const vmId = vmIdOf(degradedVm.name);
    const started = await postJson(`${host.url}/api/captures`, { vmId });
    expect(started.status).toBe(202);
    const instanceId = runIdOf(started);
    const status = await runUntilDone(stack(), instanceId);
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    expect(status.output).toMatchObject({ status: 'Degraded', promoted: false, failedRegions: ['northeurope'] });
    const events = await eventsOf(instanceId);
    expect(events.map((e) => e.type)).toEqual([EVENT_TYPES.captureDegraded]);
    expect(events[0]?.data).toMatchObject({ sourceVmId: vmId, promoted: false, failedRegions: ['northeurope'] });
  });

  it('a capture publishes Version.Promoted and Capture.Completed', async () => {
    const vmId = vmIdOf('vm-notify');
    const started = await postJson(`${host.url}/api/captures`, { vmId });
    expect(started.status).toBe(202);
    const instanceId = runIdOf(started);
    const status = await runUntilDone(stack(), instanceId);
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const output = status.output as BuildOutput;
    const events = await eventsOf(instanceId);
    expect(events.map((e) => e.type)).toEqual([EVENT_TYPES.versionPromoted, EVENT_TYPES.captureCompleted]);
    expect(events[1]?.data).toMatchObject({ image: 'ubuntu-web', version: output.version, instanceId, sourceVmId: vmId, promoted: true });
    expect(output.status).toBe('Succeeded');
  });

  it('an applied prune publishes Prune.Applied with what it deprecated and deleted; a dry run publishes nothing', async () => {
    const dry = await postJson(`${host.url}/api/images/${pruned.name}/prune?dryRun=true`);
    expect(dry.status).toBe(200);
    const started = await postJson(`${host.url}/api/images/${pruned.name}/prune?dryRun=false`);
    expect(started.status).toBe(202);
    const instanceId = runIdOf(started);
    const status = await runUntilDone(stack(), instanceId);
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const report = status.output as PruneOutput;
    expect(report.deprecated.length + report.deleted.length).toBeGreaterThan(0);
    const events = await eventsOf(instanceId);
    expect(events.map((e) => e.type)).toEqual([EVENT_TYPES.pruneApplied]);
    expect(events[0]?.subject).toBe(`images/${pruned.name}`);
    expect(events[0]?.data).toMatchObject({ image: pruned.name, version: null, instanceId, deprecated: report.deprecated, deleted: report.deleted, planned: report.summary });
  });

  it('a topic that keeps failing does not fail the build: each publish is retried with backoff, then recorded as a warning', async () => {
    await control('POST', 'faults', { method: 'POST', path: `/_emulator/topics/${TOPIC}/`, status: 503, count: 1000 });
    try {
      const status = await build('img-topic-down');
      expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
      expect(status.output).toMatchObject({ image: 'img-topic-down', promoted: true });
      expect(await eventsOf(status.instanceId)).toEqual([]);
      const warnings = (status.customStatus as Record<string, unknown>)[NOTIFICATION_WARNINGS] as string[];
      expect(warnings.map((w) => /NOTIFICATION_FAILED: (\S+)/.exec(w)?.[1])).toEqual([EVENT_TYPES.buildStarted, EVENT_TYPES.versionPromoted, EVENT_TYPES.buildSucceeded]);
      for (const warning of warnings) expect(warning).toContain('ARM_UNAVAILABLE');
      // Four attempts per event (notifyRetry), each one failed: 3 events x 4 attempts, all answered 503.
      const history = backend.engine.store.get(status.instanceId)?.history ?? [];
      const attempts = new Set(history.filter((e) => e.EventType === EventType.TaskScheduled && e.Name === publishNotification.name).map((e) => e.EventId));
      expect(attempts.size).toBe(12);
      expect(history.filter((e) => e.EventType === EventType.TaskFailed && attempts.has(e.TaskScheduledId ?? -1))).toHaveLength(12);
    } finally {
      await control('DELETE', 'faults');
    }
  });
});
