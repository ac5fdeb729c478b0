import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../shared/domain/notifications/eventTypes';
import type { NotificationEvent } from '../../shared/ports/notificationPort';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, anImageNamed } from '../support/builders';
import { listRuns, postJson } from '../support/durableApi';
import type { Stack } from '../support/stack';
import { runScheduledRebuild, startHandsOffStack, statusesOf } from './handsOffSupport';
import { apiFetch, TEST_CALLER_NAME } from '../support/apiAuth';

const TOPIC = 'autopilot';
const BREAK = 'e2e-resume-break';
const breaking = anImageNamed('img-resume', {
  customization: [{ name: 'broken-step', type: 'shell', inline: [`echo ${BREAK}`], timeoutSeconds: 300 }],
});

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({ catalog: aCatalog({ images: [anImage(), breaking] }), topic: TOPIC });
});
afterAll(async () => {
  await stack?.stop();
});

const resume = (image: string, body?: unknown, raw?: string) => postJson(`${stack.url}/api/images/${image}/resume`, body, raw);

async function events(type: string): Promise<NotificationEvent[]> {
  const { body } = await stack.control('GET', `topics/${TOPIC}/events`);
  return (body as { events: NotificationEvent[] }).events.filter((e) => e.type === type);
}

async function failureTags(): Promise<Record<string, string>> {
  const definition = await armReader(stack).gallery.getImageDefinition(imageRef(stack, breaking.name));
  return Object.fromEntries(Object.entries(definition.tags).filter(([k]) => k.startsWith('autopilot-')));
}

async function pausedInApi(): Promise<boolean | undefined> {
  const body = (await (await apiFetch(`${stack.url}/api/images`)).json()) as { images: { name: string; paused: boolean }[] };
  return body.images.find((i) => i.name === breaking.name)?.paused;
}

/** The ARM requests a route made that change something (reads are fine). */
async function armWrites(): Promise<string[]> {
  return (await stack.armRequests()).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
}

describe('POST /api/images/{image}/resume', () => {
  it.each([
    ['an unknown image', 'img-nobody', undefined, undefined, 404, 'NOT_FOUND', 'image'],
    ['an image name Azure forbids', 'bad!name', undefined, undefined, 400, 'VALIDATION_FAILED', 'image'],
    ['a body with a field', breaking.name, { force: true }, undefined, 400, 'VALIDATION_FAILED', 'force'],
    ['malformed JSON', breaking.name, undefined, '{', 400, 'VALIDATION_FAILED', '(body)'],
  ])('%s: 4xx naming the field, nothing written', async (_name, image, body, raw, status, code, path) => {
    await stack.clearArmRequests();
    const res = await resume(image, body, raw);
    expect(res.status).toBe(status);
    const error = (res.body as { error: { code: string; details: { path: string }[] } }).error;
    expect(error.code).toBe(code);
    expect(error.details.map((d) => d.path)).toContain(path);
    expect(await stack.armRequests()).toEqual([]);
  });

  it('an image that is not paused: 200, no write, no event', async () => {
    await stack.clearArmRequests();
    const res = await resume(breaking.name, {});
    expect(res).toMatchObject({ status: 200, body: { image: breaking.name, paused: false, resumed: false } });
    expect(await armWrites()).toEqual([]);
    expect(await events(EVENT_TYPES.imageResumed)).toEqual([]);
  });

  it('pause by three failures → Image.Paused once → resume → Image.Resumed → the next scheduled run builds it', async () => {
    expect((await stack.control('POST', 'runcommand-failures', { scriptContains: BREAK, exitCode: 3, output: 'broken on purpose' })).status).toBe(201);
    let pausingBuild: string | undefined;
    for (const count of [1, 2, 3]) {
      const run = await runScheduledRebuild(stack);
      // The build this scheduled run started for the image: its child run.
      const [build] = await listRuns(stack.url, { kind: 'build', image: breaking.name, top: 1 });
      expect(build?.parentRunId).toBe(run.status.instanceId);
      pausingBuild = build?.runId;
      expect(run.output.items.find((i) => i.image === breaking.name)?.build).toMatchObject({ outcome: 'failed', consecutiveFailures: count });
      // Published by the failure that reached pauseAfterFailures (3), not before.
      expect(await events(EVENT_TYPES.imagePaused)).toHaveLength(count === 3 ? 1 : 0);
    }
    const [paused] = await events(EVENT_TYPES.imagePaused);
    expect(paused?.subject).toBe(`images/${breaking.name}`);
    expect(paused?.data).toMatchObject({ image: breaking.name, version: null, instanceId: pausingBuild, consecutiveFailures: 3, pauseAfterFailures: 3, errorCode: 'STEP_FAILED' });
    expect(String(paused?.data['error'])).toContain('broken on purpose');
    expect(await pausedInApi()).toBe(true);

    // A paused image is skipped: no build, no failure, no second Image.Paused.
    const skipped = await runScheduledRebuild(stack);
    expect(statusesOf(skipped.output)[breaking.name]).toBe('paused');
    expect(await events(EVENT_TYPES.imagePaused)).toHaveLength(1);

    expect((await stack.control('DELETE', 'runcommand-failures')).status).toBe(204);
    const res = await resume(breaking.name);
    expect(res).toMatchObject({ status: 200, body: { image: breaking.name, paused: false, resumed: true } });
    expect(await failureTags()).toEqual({});
    expect(await pausedInApi()).toBe(false);
    const resumed = await events(EVENT_TYPES.imageResumed);
    // Who resumed it: the signed-in caller of the test helpers (an Admin token from the emulated Entra ID).
    const requestedBy = { name: TEST_CALLER_NAME, objectId: expect.stringMatching(/^[0-9a-f-]{36}$/) };
    expect(resumed.map((e) => e.data)).toEqual([{ image: breaking.name, version: null, instanceId: null, consecutiveFailures: 3, requestedBy }]);

    // Idempotent: a second resume writes nothing and announces nothing.
    await stack.clearArmRequests();
    expect((await resume(breaking.name)).status).toBe(200);
    expect(await armWrites()).toEqual([]);
    expect(await events(EVENT_TYPES.imageResumed)).toHaveLength(1);

    const next = await runScheduledRebuild(stack);
    expect(statusesOf(next.output)[breaking.name]).toBe('rebuild');
    expect(next.output.items.find((i) => i.image === breaking.name)?.build).toMatchObject({ outcome: 'built' });
  });
});
