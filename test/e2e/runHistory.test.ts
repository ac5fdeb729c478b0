import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../shared/domain/notifications/eventTypes';
import type { NotificationEvent } from '../../shared/ports/notificationPort';
import { armReader } from '../support/armReader';
import { aCatalog, anImageNamed } from '../support/builders';
import { getInstance, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';
import { apiFetch } from '../support/apiAuth';

// Run history through the public routes only: every run kept under its own ID, listed, read, cancelled.
const TOPIC = 'runs';
const images = {
  twice: anImageNamed('img-runs-twice'),
  race: anImageNamed('img-runs-race'),
  cancel: anImageNamed('img-runs-cancel'),
  fails: anImageNamed('img-runs-fails', { customization: [{ type: 'shell', name: 'broken', inline: ['echo e2e-runs-broken'], timeoutSeconds: 600 }] }),
};
const catalog = aCatalog({ images: Object.values(images) });

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ catalog, topic: TOPIC, log: process.env['E2E_LOG'] ? (line) => console.log(line) : undefined });
});
afterAll(async () => {
  await stack?.stop();
});

interface Run {
  runId: string;
  kind: string;
  image?: string;
  trigger: string;
  reason?: string;
  status: string;
  createdAt: string;
  endedAt?: string;
  version?: string;
  statusUrl: string;
  error?: { code: string; message: string; step?: string };
  cancelRequestedAt?: string;
}

async function get(path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await apiFetch(`${stack.url}/api/${path}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function runs(query: string): Promise<{ runs: Run[]; next?: string }> {
  const res = await get(`runs?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as unknown as { runs: Run[]; next?: string };
}

async function startBuild(image: string, reason?: string): Promise<string> {
  const started = await postJson(`${stack.url}/api/images/${image}/builds`, reason === undefined ? {} : { reason });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  return runIdOf(started);
}

async function waitForStep(runId: string, step: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    await stack.backend.engine.quiescent();
    const status = await getInstance(stack.url, runId);
    if ((status?.customStatus as { step?: string } | undefined)?.step === step) return;
    stack.clock.advance(15);
  }
  throw new Error(`${runId} never reached step ${step}`);
}

async function events(): Promise<NotificationEvent[]> {
  const { body } = await stack.control('GET', `topics/${TOPIC}/events`);
  return (body as { events: NotificationEvent[] }).events;
}

describe('run history', () => {
  it('two builds of one image are two runs: both listed newest first with their versions, each readable with its timeline and output', async () => {
    const first = await startBuild(images.twice.name, 'first of two');
    await runUntilDone(stack, first);
    const second = await startBuild(images.twice.name);
    await runUntilDone(stack, second);
    expect(second).not.toBe(first);

    const listed = await runs(`image=${images.twice.name}`);
    expect(listed.runs.map((r) => [r.runId, r.kind, r.status, r.version, r.trigger])).toEqual([
      [second, 'build', 'Completed', '1.0.1', 'http'],
      [first, 'build', 'Completed', '1.0.0', 'http'],
    ]);
    expect(listed.runs[1]).toMatchObject({ reason: 'first of two', image: images.twice.name, statusUrl: expect.stringContaining(`/instances/${first}`) });
    expect(listed.runs[1]?.endedAt).toBeDefined();
    expect(listed.next).toBeUndefined();

    const read = await get(`runs/${first}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ runId: first, status: 'Completed', output: { version: '1.0.0', image: images.twice.name, reason: 'first of two' } });
    const steps = read.body['steps'] as Array<{ step: string; at: string }>;
    expect(steps.map((s) => s.step)).toEqual(expect.arrayContaining(['customize', 'done']));
    expect(steps.map((s) => s.at)).toEqual([...steps.map((s) => s.at)].sort());
    const logs = read.body['customization'] as Array<{ step: string; exitCode: number }>;
    expect(logs.length).toBe(images.twice.customization.length);
    expect(logs.every((log) => log.exitCode === 0)).toBe(true);

    // One per page: the continuation leads to the older run, then ends.
    const page1 = await runs(`image=${images.twice.name}&top=1`);
    expect(page1.runs.map((r) => r.runId)).toEqual([second]);
    const page2 = await runs(`image=${images.twice.name}&top=1&next=${encodeURIComponent(page1.next ?? '')}`);
    expect(page2.runs.map((r) => r.runId)).toEqual([first]);
    expect(page2.next).toBeUndefined();
  });

  it('20 concurrent starts of one image: exactly one 202, nineteen 409 BUILD_RUNNING naming that run', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => postJson(`${stack.url}/api/images/${images.race.name}/builds`, {})));
    const accepted = answers.filter((a) => a.status === 202);
    expect(accepted).toHaveLength(1);
    const runId = runIdOf(accepted[0] ?? { body: null });
    const refused = answers.filter((a) => a.status === 409);
    expect(refused).toHaveLength(19);
    for (const answer of refused) {
      expect(answer.body).toMatchObject({ error: { code: 'BUILD_RUNNING', details: [{ path: 'runId', message: runId }] }, runId });
    }
    expect((await runs(`image=${images.race.name}`)).runs.map((r) => r.runId)).toEqual([runId]);
    await runUntilDone(stack, runId);
  });

  it('cancel during customize: 202, the run ends Cancelled with the step, no VM left, Build.Cancelled published; a second cancel is 409', async () => {
    const runId = await startBuild(images.cancel.name);
    await waitForStep(runId, 'customize');
    // Stored Pending until it ends; the filter goes by the status the list shows.
    expect((await runs(`image=${images.cancel.name}&status=Running`)).runs.map((r) => [r.runId, r.status])).toEqual([[runId, 'Running']]);
    expect((await runs(`image=${images.cancel.name}&status=Pending`)).runs).toEqual([]);
    const cancelled = await postJson(`${stack.url}/api/runs/${runId}/cancel`, {});
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(202);
    expect(cancelled.body).toMatchObject({ runId, cancelRequestedAt: expect.any(String) });
    await runUntilDone(stack, runId);

    const read = await get(`runs/${runId}`);
    expect(read.body).toMatchObject({ runId, status: 'Cancelled', error: { code: 'CANCELLED', step: 'customize' } });
    const vms = await armReader(stack).compute.listVms(catalog.gallery.subscriptionId, catalog.staging.resourceGroup);
    expect(vms.filter((vm) => vm.tags['autopilot-instance'] === runId)).toEqual([]);
    expect((await events()).filter((e) => e.data.instanceId === runId).map((e) => e.type)).toEqual([EVENT_TYPES.buildStarted, EVENT_TYPES.buildCancelled]);
    expect((await runs(`image=${images.cancel.name}&status=Cancelled`)).runs.map((r) => r.runId)).toEqual([runId]);
    expect((await get(`images/${images.cancel.name}`)).body).toMatchObject({ lastBuild: { runId, status: 'Cancelled', error: { code: 'CANCELLED' } } });

    const again = await postJson(`${stack.url}/api/runs/${runId}/cancel`, {});
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ error: { code: 'RUN_FINISHED', details: [{ path: 'runId' }] } });
  });

  it('a failed build: listed as Failed with its error code and step, and GET /api/images/{image} shows it under pause', async () => {
    // 6,000+ bytes: more than the customStatus keeps, so the log comes from the record's side.
    const output = `broken on purpose ${'ü'.repeat(3000)} end`;
    expect((await stack.control('POST', 'runcommand-failures', { scriptContains: 'e2e-runs-broken', exitCode: 3, output })).status).toBe(201);
    const runId = await startBuild(images.fails.name);
    await runUntilDone(stack, runId);
    const [failed] = (await runs(`image=${images.fails.name}&kind=build&status=Failed`)).runs;
    expect(failed).toMatchObject({ runId, status: 'Failed', error: { code: 'STEP_FAILED', step: 'customize' } });
    const read = await get(`runs/${runId}`);
    expect(read.body['output']).toBeNull();
    const [log] = read.body['customization'] as Array<{ step: string; exitCode: number; outputTail: string }>;
    expect(log).toMatchObject({ step: 'broken', exitCode: 3 });
    expect(log?.outputTail.endsWith(' end')).toBe(true);
    expect(new TextEncoder().encode(log?.outputTail).length).toBe(4096);

    const image = await get(`images/${images.fails.name}`);
    expect(image.status).toBe(200);
    expect(image.body).toMatchObject({
      name: images.fails.name,
      lastBuild: { runId, status: 'Failed' },
      pause: { paused: false, since: null, failures: 0, lastError: { code: 'STEP_FAILED', step: 'customize' }, lastRunId: runId },
      runs: [expect.objectContaining({ runId, status: 'Failed' })],
    });
  });

  it.each([
    ['top=0', 'top'],
    ['top=1001', 'top'],
    ['top=ten', 'top'],
    ['kind=bake', 'kind'],
    ['status=Done', 'status'],
    ['kind=build&kind=prune', 'kind'],
    ['image=a%2Fb', 'image'],
    ['color=blue', 'color'],
  ])('GET /api/runs?%s → 400 naming %s, no ARM call', async (query, path) => {
    await stack.clearArmRequests();
    const res = await get(`runs?${query}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path })] } });
    expect(await stack.armRequests()).toEqual([]);
  });

  // The host joins a repeated key's values with ','; each route must still see the repeat, not refuse "build,build".
  it.each([
    ['GET', 'runs?kind=build&kind=build', 'kind'],
    ['GET', 'runs?image=a&image=b', 'image'],
    ['POST', `images/${images.twice.name}/prune?dryRun=true&dryRun=true`, 'dryRun'],
    ['GET', 'policy/report?format=json&format=json', 'format'],
  ])('%s /api/%s → 400 saying %s is given more than once, no ARM call', async (method, path, param) => {
    await stack.clearArmRequests();
    const res = method === 'GET' ? await get(path) : await postJson(`${stack.url}/api/${path}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: `query parameter "${param}" is given more than once`, details: [{ path: param, message: 'must be given at most once' }] } });
    expect(await stack.armRequests()).toEqual([]);
  });

  // A misspelt parameter is refused, not ignored (the route would answer its default as if asked): on every route.
  it.each([
    ['POST', `images/${images.twice.name}/prune?foo=1`, 'foo'],
    ['POST', `images/${images.twice.name}/prune?dryRun=true&dryrun=false`, 'dryrun'],
    ['GET', 'images?x=1', 'x'],
    ['GET', `images/${images.twice.name}?x=1`, 'x'],
    ['GET', 'runs/build-nope-20261125080000-abcdef?verbose=1', 'verbose'],
    ['GET', 'policy/report?format=json&pretty=1', 'pretty'],
    ['POST', `images/${images.twice.name}/builds?reason=x`, 'reason'],
  ])('%s /api/%s → 400 VALIDATION_FAILED naming %s, nothing read or started', async (method, path, param) => {
    await stack.clearArmRequests();
    const res = method === 'GET' ? await get(path) : await postJson(`${stack.url}/api/${path}`, {});
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining(`"${param}"`), details: [{ path: param }] } });
    expect(await stack.armRequests()).toEqual([]);
  });

  it.each(['images?code=k', 'runs?code=k&top=1', `images/${images.twice.name}?code=k`])('GET /api/%s → 200: the function key parameter is always accepted', async (path) => {
    expect((await get(path)).status).toBe(200);
  });

  it('unknown run IDs are 404 NOT_FOUND naming runId, for reading and for cancelling, with no ARM call', async () => {
    await stack.clearArmRequests();
    for (const id of ['build-nope-20261125080000-abcdef', 'not-a-run-id']) {
      expect(await get(`runs/${id}`)).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', details: [{ path: 'runId' }] } } });
      expect(await postJson(`${stack.url}/api/runs/${id}/cancel`, {})).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    }
    expect(await get('images/not-in-catalog')).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', details: [{ path: 'image' }] } } });
    expect(await stack.armRequests()).toEqual([]);
  });
});
