import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput, PromoteOutput } from '../../functions/contracts';
import { EVENT_TYPES } from '../../shared/domain/notifications/eventTypes';
import type { NotificationEvent } from '../../shared/ports/notificationPort';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, anImageNamed } from '../support/builders';
import { getInstance, listRuns, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { expectDeterministicReplay } from '../support/replay';
import { startStack, type Stack } from '../support/stack';
import { aDeprecatedSeed, aVersionSeed, pruneSeed } from './pruneSeed';
import { TEST_CALLER_NAME } from '../support/apiAuth';

const TOPIC = 'autopilot';
const degraded = anImageNamed('img-promote');
const seeded = anImage();
const catalog = aCatalog({ images: [seeded, degraded] });

let stack: Stack;
beforeAll(async () => {
  const refused = (name: string, verdict: string) => aVersionSeed(name, 3, { excludeFromLatest: true, tags: { 'Autopilot-Validation': verdict } });
  const seed = pruneSeed(catalog, {
    versions: { [seeded.name]: [aVersionSeed('1.0.1', 5), aDeprecatedSeed('1.0.0', 60, '2026-12-31T00:00:00.000Z'), refused('1.0.2', 'rejected'), refused('1.0.3', 'FAILED'), refused('1.0.4', 'timed-out')] },
  });
  stack = await startStack({ catalog, seed, topic: TOPIC });
});
afterAll(async () => {
  await stack?.stop();
});

const promote = (image: string, version: string, body?: unknown, raw?: string) =>
  postJson(`${stack.url}/api/images/${encodeURIComponent(image)}/versions/${encodeURIComponent(version)}/promote`, body, raw);

async function armWrites(): Promise<string[]> {
  return (await stack.armRequests()).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
}

/** Version.Promoted events any promote run of the degraded image published. */
async function promotedEvents(): Promise<NotificationEvent[]> {
  const { body } = await stack.control('GET', `topics/${TOPIC}/events`);
  const promoteRun = /^promote-img-promote-\d{14}-[0-9a-f]{6}$/;
  return (body as { events: NotificationEvent[] }).events.filter((e) => e.type === EVENT_TYPES.versionPromoted && promoteRun.test(String(e.data.instanceId)));
}

/** No promote run was recorded or started as a Durable instance. */
async function expectNoPromoteRun(): Promise<void> {
  expect(await listRuns(stack.url, { kind: 'promote' })).toEqual([]);
  expect(stack.backend.engine.store.all().filter((i) => i.instanceId.startsWith('promote-'))).toEqual([]);
}

const versionOf = (version: string) => armReader(stack).gallery.getImageVersion(imageRef(stack, degraded.name), version);

describe('POST /api/images/{image}/versions/{version}/promote', () => {
  let version = '';

  beforeAll(async () => {
    // eastus fails the create's replication and every retry: the build ends Degraded, its version unpromoted.
    expect((await stack.control('POST', 'faults', { method: 'PUT', path: `/images/${degraded.name}/versions/`, region: 'eastus', count: 1 })).status).toBe(201);
    expect((await stack.control('POST', 'faults', { method: 'PATCH', path: `/images/${degraded.name}/versions/`, region: 'eastus', count: 10 })).status).toBe(201);
    const started = await postJson(`${stack.url}/api/images/${degraded.name}/builds`, {});
    expect(started.status).toBe(202);
    const build = (await runUntilDone(stack, runIdOf(started))).output as BuildOutput;
    expect(build).toMatchObject({ status: 'Degraded', promoted: false, failedRegions: ['eastus'] });
    version = build.version;
  });

  it.each([
    ['an unknown image', 'img-nobody', '1.0.0', {}, 404, 'NOT_FOUND', 'image'],
    ['an image name Azure forbids', 'bad!name', '1.0.0', {}, 400, 'VALIDATION_FAILED', 'image'],
    ['a version that is not Major.Minor.Patch', 'img-promote', 'latest', {}, 400, 'VALIDATION_FAILED', 'version'],
    ['two segments', 'img-promote', '1.2', {}, 400, 'VALIDATION_FAILED', 'version'],
    ['a segment past int32', 'img-promote', '1.0.2147483648', {}, 400, 'VALIDATION_FAILED', 'version'],
    ['a body with a field', 'img-promote', '1.0.0', { force: true }, 400, 'VALIDATION_FAILED', 'force'],
  ])('%s: 4xx naming the field before any ARM call, nothing started', async (_name, image, v, body, status, code, path) => {
    await stack.clearArmRequests();
    const res = await promote(image, v, body);
    expect(res.status).toBe(status);
    const error = (res.body as { error: { code: string; details: { path: string }[] } }).error;
    expect(error.code).toBe(code);
    expect(error.details.map((d) => d.path)).toContain(path);
    expect(await stack.armRequests()).toEqual([]);
    await expectNoPromoteRun();
  });

  it.each([
    ['an unknown version: 404 naming version', degraded.name, '9.9.9', 404, 'NOT_FOUND', /does not exist/],
    ['a promoted version: 409 ALREADY_PROMOTED', seeded.name, '1.0.1', 409, 'ALREADY_PROMOTED', /already promoted/],
    ['a deprecated version: 400 naming version', seeded.name, '1.0.0', 400, 'VALIDATION_FAILED', /deprecated/],
    ['a version its gate rejected: 409 VERSION_REJECTED', seeded.name, '1.0.2', 409, 'VERSION_REJECTED', /autopilot-validation=rejected/],
    ['a version whose checks failed: 409 VERSION_REJECTED', seeded.name, '1.0.3', 409, 'VERSION_REJECTED', /autopilot-validation=failed/],
    ['a version nobody approved in time: 409 VERSION_REJECTED', seeded.name, '1.0.4', 409, 'VERSION_REJECTED', /autopilot-validation=timed-out/],
  ])('%s, after one ARM read; no write, nothing started', async (_name, image, v, status, code, message) => {
    await stack.clearArmRequests();
    const res = await promote(image, v);
    expect(res.status).toBe(status);
    const error = (res.body as { error: { code: string; message: string; details: { path: string }[] } }).error;
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.details.map((d) => d.path)).toEqual(['version']);
    expect((await stack.armRequests()).map((r) => r.method)).toEqual(['GET']);
    await expectNoPromoteRun();
  });

  it('a degraded version: regions still failing → Degraded; fixed → re-replicated, Completed everywhere, promoted, Version.Promoted', async () => {
    const first = await promote(degraded.name, version);
    expect(first.status).toBe(202);
    const firstId = runIdOf(first);
    expect(firstId).toMatch(/^promote-img-promote-\d{14}-[0-9a-f]{6}$/);
    expect(first.body).toMatchObject({ id: firstId });
    // Still running (it waits on durable timers, the clock has not moved): a second promote is refused, naming it.
    const again = await promote(degraded.name, version);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'PROMOTE_RUNNING' }, runId: firstId, instance: { id: firstId } });
    const stillFailing = await runUntilDone(stack, firstId);
    expect(stillFailing.output).toEqual({
      image: degraded.name,
      version,
      regions: ['westeurope', 'northeurope'],
      failedRegions: ['eastus'],
      promoted: false,
      status: 'Degraded',
    } satisfies PromoteOutput);
    expect((await versionOf(version)).excludeFromLatest).toBe(true);
    expect(await promotedEvents()).toEqual([]);
    await expectDeterministicReplay(stack, firstId, stillFailing.output);

    expect((await stack.control('DELETE', 'faults')).status).toBe(204);
    const second = await promote(degraded.name, version);
    expect(second.status).toBe(202);
    const secondId = runIdOf(second);
    expect(secondId).not.toBe(firstId);
    const fixed = await runUntilDone(stack, secondId);
    expect(fixed.runtimeStatus).toBe('Completed');
    expect(fixed.output).toEqual({
      image: degraded.name,
      version,
      regions: ['westeurope', 'northeurope', 'eastus'],
      failedRegions: [],
      promoted: true,
      status: 'Succeeded',
    } satisfies PromoteOutput);
    await expectDeterministicReplay(stack, secondId, fixed.output);
    const view = await versionOf(version);
    expect(view.excludeFromLatest).toBe(false);
    expect(view.replication.regions.map((r) => [r.region, r.state])).toEqual(
      expect.arrayContaining([['westeurope', 'Completed'], ['northeurope', 'Completed'], ['eastus', 'Completed']]),
    );
    const events = await promotedEvents();
    // The promote was asked for through the route: its event names who asked (docs/security.md#audit).
    const requestedBy = { name: TEST_CALLER_NAME, objectId: expect.any(String) };
    expect(events.map((e) => e.data)).toEqual([{ image: degraded.name, version, instanceId: secondId, regions: ['westeurope', 'northeurope', 'eastus'], requestedBy }]);

    // Promoted now: asking again is a 409 after one read, and the finished promote is not run again.
    await stack.clearArmRequests();
    const done = await promote(degraded.name, version);
    expect(done.status).toBe(409);
    expect(done.body).toMatchObject({ error: { code: 'ALREADY_PROMOTED' } });
    expect(await armWrites()).toEqual([]);
    expect((await getInstance(stack.url, secondId))?.output).toEqual(fixed.output);
    expect((await listRuns(stack.url, { kind: 'promote' })).map((r) => r.runId).sort()).toEqual([firstId, secondId].sort());
  });
});
