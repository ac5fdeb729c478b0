import { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import { aRunStore } from '../../../support/runStore';
import type { PruneInput } from '../../../../functions/contracts';
import { authorize } from '../../../../functions/triggers/http/authorize';
import { createStartPruneHandler, DRY_RUN_WAIT_MS, parseDryRun } from '../../../../functions/triggers/startPrune';
import type { PruneApp } from '../../../../functions/triggers/pruneInputs';
import { aCatalog, anAppConfig, anImage, SUBSCRIPTION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { FakePruneClient, FakePrunePorts } from '../../../support/fakePrune';
import { jsonObject } from '../../../support/triggerKit';
import { holdLock, runIdPattern } from '../../../support/runFixtures';

const USAGE_SCOPE = `/subscriptions/${SUBSCRIPTION}`;

/** An image whose catalog lets prunes deprecate and delete (the built-in default only plans). */
const anApplyImage = () => anImage({ retention: { ...anImage().retention, mode: 'apply' } });

function setup(images = [anApplyImage()]) {
  const arm = new FakeArm();
  const prune = new FakePrunePorts();
  const app: PruneApp = { config: anAppConfig(), catalog: aCatalog({ images }), ports: { usage: prune, galleryLifecycle: prune, runs: aRunStore() } };
  return { arm, prune, app, client: new FakePruneClient(), context: new InvocationContext({ functionName: 'test' }) };
}

/** A request the route's authorization let through as the host does with AUTH_MODE=keys (roles: test/e2e/signIn.test.ts). */
function post(image: string, query = '', body?: string): HttpRequest {
  const request = new HttpRequest({
    method: 'POST',
    url: `http://127.0.0.1:7071/api/images/${image}/prune${query}`,
    params: { image },
    ...(body === undefined ? {} : { body: { string: body } }),
  });
  authorize({ mode: 'keys', platformAuthEnabled: false }, { role: 'Operator' }, request, new InvocationContext({ functionName: 'startPrune' }));
  return request;
}


describe('parseDryRun', () => {
  it.each<[string | undefined, boolean]>([
    [undefined, true],
    ['true', true],
    ['false', false],
  ])('%j → dryRun %s', (value, dryRun) => {
    expect(parseDryRun(value)).toEqual({ ok: true, dryRun });
  });

  it.each(['maybe', '', '0', 'TRUE', ' false ', 'False', 'true,true'])('%j is refused', (value) => {
    expect(parseDryRun(value).ok).toBe(false);
  });
});

describe('POST /api/images/{image}/prune', () => {
  it('a dry run (the default) starts a prune-<image>-<time>-<hex> run in dry-run mode and answers with the plan the wait returns and the run ID', async () => {
    const { app, client, context } = setup();
    client.waitResult = new HttpResponse({ status: 200, jsonBody: { image: 'ubuntu-web', dryRun: true } });
    const response = await createStartPruneHandler(app)(post('Ubuntu-Web'), client, context);
    expect(response.status).toBe(200);
    const runId = client.started[0]?.instanceId ?? '';
    expect(await jsonObject(response)).toEqual({ image: 'ubuntu-web', dryRun: true, runId });
    expect(runId).toMatch(runIdPattern('prune', 'ubuntu-web'));
    const input = client.started[0]?.input as PruneInput;
    expect(client.started[0]).toMatchObject({ name: 'pruneImage', instanceId: runId });
    expect(input).toMatchObject({ image: 'ubuntu-web', dryRun: true, trigger: 'http', usageScopes: [USAGE_SCOPE], retention: anApplyImage().retention, runLock: 'prune-ubuntu-web' });
    expect(input.snapshot).toBeUndefined();
    expect(input.allowPruneWhenShared).toBe(false);
    expect(client.waited).toEqual([{ instanceId: runId, options: { timeoutInMilliseconds: DRY_RUN_WAIT_MS, retryIntervalInMilliseconds: 250 } }]);
  });

  it('records the prune run it starts and holds the image\'s prune lock with it', async () => {
    const { app, client, context } = setup();
    await createStartPruneHandler(app)(post('ubuntu-web', '?dryRun=false'), client, context);
    const runId = client.started[0]?.instanceId ?? '';
    expect(await app.ports.runs.get(runId)).toEqual({ runId, kind: 'prune', image: 'ubuntu-web', trigger: 'http', status: 'Pending', createdAt: expect.any(String) });
    expect(await app.ports.runs.readLock('prune-ubuntu-web')).toBe(runId);
  });

  it('dryRun=false → 202 with the run ID, the check-status payload and Location, no wait', async () => {
    const { app, client, context } = setup();
    const response = await createStartPruneHandler(app)(post('ubuntu-web', '?dryRun=false'), client, context);
    expect(response.status).toBe(202);
    const runId = client.started[0]?.instanceId ?? '';
    expect(runId).toMatch(runIdPattern('prune', 'ubuntu-web'));
    expect(response.headers.get('location')).toContain(`/instances/${runId}`);
    expect(await jsonObject(response)).toMatchObject({ id: runId, runId });
    expect((client.started[0]?.input as PruneInput).dryRun).toBe(false);
    expect(client.waited).toEqual([]);
  });

  it("copies the catalog's allowPruneWhenShared into the input (orchestrators never read config)", async () => {
    const { app, client, context } = setup();
    const allowing = { ...app, catalog: { ...app.catalog, gallery: { ...app.catalog.gallery, allowPruneWhenShared: true } } };
    await createStartPruneHandler(allowing)(post('ubuntu-web', '?dryRun=false'), client, context);
    expect((client.started[0]?.input as PruneInput).allowPruneWhenShared).toBe(true);
  });

  it.each(['', '?dryRun=false'])('while a prune of the image runs → 409 PRUNE_RUNNING naming it, with the instance and Location (%s)', async (query) => {
    const { app, client, context } = setup();
    const running = await holdLock(app.ports.runs, client, { kind: 'prune', subject: 'ubuntu-web', image: 'ubuntu-web', lockKey: 'prune-ubuntu-web', runtimeStatus: df.OrchestrationRuntimeStatus.Running, name: 'pruneImage' });
    const response = await createStartPruneHandler(app)(post('ubuntu-web', query), client, context);
    expect(response.status).toBe(409);
    expect(response.headers.get('location')).toContain(`/instances/${running}`);
    expect(await jsonObject(response)).toMatchObject({
      error: { code: 'PRUNE_RUNNING', message: `a prune of ubuntu-web is already running: run ${running}`, details: [{ path: 'runId', message: running }] },
      runId: running,
      instance: { id: running },
    });
    expect(client.started).toEqual([]);
    expect(client.waited).toEqual([]);
  });

  it('a prune lock whose holder failed is taken over: a new run starts and the old record is settled Failed', async () => {
    const { app, client, context } = setup();
    const old = await holdLock(app.ports.runs, client, { kind: 'prune', subject: 'ubuntu-web', image: 'ubuntu-web', lockKey: 'prune-ubuntu-web', runtimeStatus: df.OrchestrationRuntimeStatus.Failed, output: 'ARM_UNAVAILABLE: list VMs' });
    const response = await createStartPruneHandler(app)(post('ubuntu-web', '?dryRun=false'), client, context);
    expect(response.status).toBe(202);
    const runId = client.started[0]?.instanceId ?? '';
    expect(runId).not.toBe(old);
    expect(await app.ports.runs.readLock('prune-ubuntu-web')).toBe(runId);
    expect(await app.ports.runs.get(old)).toMatchObject({ status: 'Failed', error: { code: 'ARM_UNAVAILABLE' } });
  });

  it('a failed dry run is 500 INTERNAL in the API error shape, naming the run', async () => {
    const { app, client, context } = setup();
    client.waitResult = new HttpResponse({ status: 500, jsonBody: { runtimeStatus: 'Failed' } });
    const response = await createStartPruneHandler(app)(post('ubuntu-web'), client, context);
    expect(response.status).toBe(500);
    const runId = client.started[0]?.instanceId ?? '';
    expect(runId).toMatch(runIdPattern('prune', 'ubuntu-web'));
    expect(await jsonObject(response)).toMatchObject({ error: { code: 'INTERNAL', message: `the dry run of ubuntu-web failed; see instance ${runId}` } });
  });

  it.each(['?dryRun=maybe', '?dryRun=', '?dryRun=true&dryRun=false'])('%s → 400 VALIDATION_FAILED naming dryRun, nothing started', async (query) => {
    const { app, arm, client, context } = setup();
    const response = await createStartPruneHandler(app)(post('ubuntu-web', query), client, context);
    expect(response.status).toBe(400);
    expect(await jsonObject(response)).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'dryRun' }] } });
    expect(client.started).toEqual([]);
    expect((await app.ports.runs.list({}, 10)).runs).toEqual([]);
    expect(arm.calls).toEqual([]);
  });

  it.each([['..'], ['a#b'], ['web\u0000']])('an image name Azure could never have (%j) → 400 naming image, no ARM read', async (name) => {
    const { app, arm, client, context } = setup();
    const response = await createStartPruneHandler(app)(post(name), client, context);
    expect(response.status).toBe(400);
    expect(await jsonObject(response)).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: expect.arrayContaining([expect.objectContaining({ path: 'image' })]) } });
    expect(client.started).toEqual([]);
    expect(arm.calls).toEqual([]);
  });

  it('unknown image → 404 NOT_FOUND naming image', async () => {
    const { app, client, context } = setup();
    const response = await createStartPruneHandler(app)(post('nope'), client, context);
    expect(response.status).toBe(404);
    expect(await jsonObject(response)).toMatchObject({ error: { code: 'NOT_FOUND', details: [{ path: 'image' }] } });
  });

  describe("the catalog's retention.mode", () => {
    const planOnly = anImage({ name: 'windows-base', definition: { ...anImage().definition, offer: 'windows-base' } });

    it.each([
      ['the built-in default', planOnly],
      ['an explicit dryRun', anImage({ ...planOnly, retention: { ...planOnly.retention, mode: 'dryRun' } })],
    ])('%s refuses dryRun=false with 409 PRUNE_MODE_DRY_RUN naming the setting; nothing starts', async (_case, image) => {
      const { app, client, context } = setup([anApplyImage(), image]);
      const response = await createStartPruneHandler(app)(post('windows-base', '?dryRun=false'), client, context);
      expect(response.status).toBe(409);
      const body = await jsonObject(response);
      expect(body).toMatchObject({
        error: { code: 'PRUNE_MODE_DRY_RUN', message: expect.stringContaining('images[1].retention.mode'), details: [{ path: 'images[1].retention.mode' }] },
      });
      expect(client.started).toEqual([]);
      expect(client.waited).toEqual([]);
      expect((await app.ports.runs.list({}, 10)).runs).toEqual([]);
      expect(await app.ports.runs.readLock('prune-windows-base')).toBeNull();
    });

    it('still allows the dry run of a plan-only image', async () => {
      const { app, client, context } = setup([planOnly]);
      client.waitResult = new HttpResponse({ status: 200, jsonBody: { image: 'windows-base', dryRun: true } });
      const response = await createStartPruneHandler(app)(post('windows-base'), client, context);
      expect(response.status).toBe(200);
      expect((client.started[0]?.input as PruneInput).dryRun).toBe(true);
    });

    it('is checked after the image: an unknown image is still 404', async () => {
      const { app, client, context } = setup([planOnly]);
      expect((await createStartPruneHandler(app)(post('nope', '?dryRun=false'), client, context)).status).toBe(404);
    });
  });

  it.each([
    ['an empty object', '{}', 202],
    ['whitespace', ' \n', 202],
    ['an unknown field', '{"force":true}', 400],
    ['malformed JSON', '{', 400],
    ['an array', '[]', 400],
  ])('a body of %s → %i (the route takes no body parameters)', async (_case, body, status) => {
    const { app, client, context } = setup();
    const response = await createStartPruneHandler(app)(post('ubuntu-web', '?dryRun=false', body), client, context);
    expect(response.status).toBe(status);
    expect(client.started).toHaveLength(status === 202 ? 1 : 0);
  });
});
