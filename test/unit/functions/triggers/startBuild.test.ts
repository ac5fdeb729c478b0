import * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import type { PipelineApp } from '../../../../functions/triggers/buildInputs';
import type { BuildInput } from '../../../../functions/contracts';
import { createStartBuildHandler } from '../../../../functions/triggers/startBuild';
import { runIdTime } from '../../../../shared/domain/runs/runIds';
import { holdLock, pastTheStartGrace, runIdPattern } from '../../../support/runFixtures';
import { jsonObject, pipelineSetup, postJson } from '../../../support/triggerKit';

describe('POST /api/images/{image}/builds', () => {
  it('starts a build-<image>-<time>-<hex> run with the catalog and settings copied into the input', async () => {
    const { app, client, context } = pipelineSetup();
    const response = await createStartBuildHandler(app)(postJson('images/ubuntu-web/builds', '{"reason":"cve fix"}', { image: 'Ubuntu-Web' }), client, context);
    expect(response.status).toBe(202);
    const started = client.started[0];
    const runId = started?.instanceId ?? '';
    expect(runId).toMatch(runIdPattern('build', 'ubuntu-web'));
    expect(response.headers.get('location')).toBe(`http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/${runId}`);
    expect(await jsonObject(response)).toMatchObject({ id: runId, runId, statusQueryGetUri: expect.stringContaining(runId) });
    expect(started?.name).toBe('buildImage');
    const input = started?.input as BuildInput;
    expect(input).toMatchObject({ trigger: 'http', reason: 'cve fix', polling: { minSeconds: 15, maxSeconds: 300 }, staging: app.catalog.staging, runLock: 'build-ubuntu-web' });
    expect(input.recipeSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('records the run it starts (Pending, by http, with the reason) and holds the image\'s build lock with it', async () => {
    const { app, client, context } = pipelineSetup();
    const before = Date.now();
    await createStartBuildHandler(app)(postJson('images/ubuntu-web/builds', '{"reason":"cve fix"}', { image: 'Ubuntu-Web' }), client, context);
    const runId = client.started[0]?.instanceId ?? '';
    const record = await app.ports.runs.get(runId);
    expect(record).toEqual({ runId, kind: 'build', image: 'ubuntu-web', trigger: 'http', reason: 'cve fix', status: 'Pending', createdAt: expect.any(String) });
    const createdAt = Date.parse(record?.createdAt ?? '');
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(createdAt).toBeLessThanOrEqual(Date.now());
    // The ID carries the creation time to the millisecond, which the store sorts by.
    expect(runIdTime(runId)?.getTime()).toBe(createdAt);
    expect(await app.ports.runs.readLock('build-ubuntu-web')).toBe(runId);
    expect((await app.ports.runs.list({ image: 'ubuntu-web' }, 10)).runs.map((r) => r.runId)).toEqual([runId]);
  });

  it('a build started without a reason records none', async () => {
    const { app, client, context } = pipelineSetup();
    await createStartBuildHandler(app)(postJson('images/ubuntu-web/builds', undefined, { image: 'ubuntu-web' }), client, context);
    const record = await app.ports.runs.get(client.started[0]?.instanceId ?? '');
    expect(record).toMatchObject({ kind: 'build', trigger: 'http', status: 'Pending' });
    expect(record).not.toHaveProperty('reason');
  });

  it.each([
    ['malformed JSON', '{"reason":', /not valid JSON/, '(body)'],
    ['unknown field', '{"reasons":"x"}', /failed validation/, 'reasons'],
    ['wrong type', '{"reason":42}', /failed validation/, 'reason'],
    ['empty reason', '{"reason":""}', /failed validation/, 'reason'],
  ])('%s → 400 VALIDATION_FAILED, nothing started, no ARM call', async (_case, body, message, path) => {
    const { app, arm, client, context } = pipelineSetup();
    const response = await createStartBuildHandler(app)(postJson('images/ubuntu-web/builds', body, { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(400);
    const { error } = (await jsonObject(response)) as { error: { code: string; message: string; details: { path: string }[] } };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(message);
    expect(error.details[0]?.path).toBe(path);
    expect(client.started).toEqual([]);
    expect(arm.calls).toEqual([]);
    expect((await app.ports.runs.list({}, 10)).runs).toEqual([]);
    expect(await app.ports.runs.readLock('build-ubuntu-web')).toBeNull();
  });

  it('no body is fine (reason is optional)', async () => {
    const { app, client, context } = pipelineSetup();
    const response = await createStartBuildHandler(app)(postJson('images/ubuntu-web/builds', undefined, { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(202);
  });

  it('unknown image → 404 NOT_FOUND', async () => {
    const { app, client, context } = pipelineSetup();
    const response = await createStartBuildHandler(app)(postJson('images/nope/builds', '{}', { image: 'nope' }), client, context);
    expect(response.status).toBe(404);
    expect(await jsonObject(response)).toMatchObject({ error: { code: 'NOT_FOUND', details: [{ path: 'image' }] } });
    expect(client.started).toEqual([]);
  });

  it.each([['..'], ['.'], ['a?b'], ['web\nimage'], ['web\ud800'], ['-web'], ['i'.repeat(81)]])('an image name Azure could never have (%j) → 400 on image, not 404', async (name) => {
    const { app, client, context } = pipelineSetup();
    const response = await createStartBuildHandler(app)(postJson('images/x/builds', '{}', { image: name }), client, context);
    expect(response.status).toBe(400);
    expect(await jsonObject(response)).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: expect.arrayContaining([{ path: 'image', message: expect.stringMatching(/azure\.imageDefinition\./) }]) } });
    expect(client.started).toEqual([]);
  });

  it('while a build of the image runs → 409 BUILD_RUNNING naming that run, with its instance and Location', async () => {
    const { app, client, context } = pipelineSetup();
    const running = await holdLock(app.ports.runs, client, { kind: 'build', subject: 'ubuntu-web', image: 'ubuntu-web', lockKey: 'build-ubuntu-web', runtimeStatus: df.OrchestrationRuntimeStatus.Running });
    const response = await createStartBuildHandler(app)(postJson('images/ubuntu-web/builds', '{}', { image: 'Ubuntu-Web' }), client, context);
    expect(response.status).toBe(409);
    expect(response.headers.get('location')).toBe(`http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/${running}`);
    expect(await jsonObject(response)).toEqual({
      error: { code: 'BUILD_RUNNING', message: `a build of ubuntu-web is already running: run ${running}`, details: [{ path: 'runId', message: running }] },
      runId: running,
      instance: client.createHttpManagementPayload(running),
    });
    expect(client.started).toEqual([]);
    expect((await app.ports.runs.list({}, 10)).runs.map((r) => r.runId)).toEqual([running]);
    expect(await app.ports.runs.readLock('build-ubuntu-web')).toBe(running);
  });

  it.each([
    ['with a record', true],
    ['before its record is written', false],
  ])('a holder Durable has not heard of yet, created just now (%s), counts as running → 409 naming it', async (_case, withRecord) => {
    const { app, client, context } = pipelineSetup();
    const starting = await holdLock(app.ports.runs, client, { kind: 'build', subject: 'ubuntu-web', image: 'ubuntu-web', lockKey: 'build-ubuntu-web', withRecord });
    const response = await createStartBuildHandler(app)(postJson('images/ubuntu-web/builds', '{}', { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(409);
    expect(await jsonObject(response)).toMatchObject({ error: { code: 'BUILD_RUNNING', details: [{ path: 'runId', message: starting }] }, runId: starting, instance: { id: starting } });
    expect(client.started).toEqual([]);
    expect(await app.ports.runs.readLock('build-ubuntu-web')).toBe(starting);
  });

  it('a holder Durable never heard of, created longer ago than a start takes, is taken over', async () => {
    const { app, client, context } = pipelineSetup();
    const lost = await holdLock(app.ports.runs, client, { kind: 'build', subject: 'ubuntu-web', image: 'ubuntu-web', lockKey: 'build-ubuntu-web', at: pastTheStartGrace() });
    const response = await createStartBuildHandler(app)(postJson('images/ubuntu-web/builds', '{}', { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(202);
    const runId = client.started[0]?.instanceId ?? '';
    expect(runId).toMatch(runIdPattern('build', 'ubuntu-web'));
    expect(runId).not.toBe(lost);
    expect(await app.ports.runs.readLock('build-ubuntu-web')).toBe(runId);
  });

  it('two concurrent starts: one run starts and holds the lock, the other answers 409 naming it', async () => {
    const { app, client, context } = pipelineSetup();
    const handler = createStartBuildHandler(app);
    const responses = await Promise.all([1, 2].map(() => handler(postJson('images/ubuntu-web/builds', '{}', { image: 'ubuntu-web' }), client, context)));
    expect(responses.map((r) => r.status).sort()).toEqual([202, 409]);
    expect(client.started).toHaveLength(1);
    const winner = client.started[0]?.instanceId ?? '';
    const loser = responses.find((r) => r.status === 409);
    expect(loser && (await jsonObject(loser))).toMatchObject({ error: { code: 'BUILD_RUNNING' }, runId: winner, instance: { id: winner } });
    expect(loser?.headers.get('location')).toContain(`/instances/${winner}`);
    expect(await app.ports.runs.readLock('build-ubuntu-web')).toBe(winner);
    expect((await app.ports.runs.list({ image: 'ubuntu-web' }, 10)).runs.map((r) => r.runId)).toEqual([winner]);
  });

  it.each([
    ['block', 3, 403],
    ['block', 0, 202],
    ['report', 3, 202],
  ] as const)('enforce %s with %i high findings in the latest report → %i', async (enforce, high, expected) => {
    const { app, client, context } = pipelineSetup();
    const gated: PipelineApp = { ...app, catalog: { ...app.catalog, policy: { ...app.catalog.policy, enforce } } };
    client.setStatus('policy-scan-20261125070000', df.OrchestrationRuntimeStatus.Completed, {
      name: 'policyScan',
      createdTime: new Date(),
      output: { generatedAt: '2026-11-25T07:00:00Z', summary: { high, medium: 0, low: 0 }, findings: [] },
    });
    const response = await createStartBuildHandler(gated)(postJson('images/ubuntu-web/builds', '{}', { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(expected);
    if (expected === 403) {
      expect(await jsonObject(response)).toMatchObject({ error: { code: 'POLICY_BLOCKED' } });
      expect(client.started).toEqual([]);
      expect((await gated.ports.runs.list({}, 10)).runs).toEqual([]);
    }
  });

  it.each<[string, df.OrchestrationRuntimeStatus, unknown, Record<string, unknown>]>([
    ['Failed', df.OrchestrationRuntimeStatus.Failed, 'STEP_FAILED: the build VM did not start', { status: 'Failed', error: { code: 'STEP_FAILED', message: 'STEP_FAILED: the build VM did not start' } }],
    // Settled with what the run's own end record would have held: the version its output names.
    ['Completed', df.OrchestrationRuntimeStatus.Completed, { version: '1.0.1' }, { status: 'Completed', version: '1.0.1' }],
    ['Terminated', df.OrchestrationRuntimeStatus.Terminated, 'stopped by an operator', { status: 'Cancelled', error: expect.objectContaining({ code: 'CANCELLED', message: expect.stringContaining('stopped by an operator') }) }],
  ])('a build lock whose holder ended %s without recording it is taken over: a new run starts, the old record is settled', async (_case, runtimeStatus, output, settled) => {
    const { app, client, context } = pipelineSetup();
    const old = await holdLock(app.ports.runs, client, { kind: 'build', subject: 'ubuntu-web', image: 'ubuntu-web', lockKey: 'build-ubuntu-web', runtimeStatus, output });
    const response = await createStartBuildHandler(app)(postJson('images/ubuntu-web/builds', '{}', { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(202);
    const runId = client.started[0]?.instanceId ?? '';
    expect(runId).toMatch(runIdPattern('build', 'ubuntu-web'));
    expect(runId).not.toBe(old);
    expect(await jsonObject(response)).toMatchObject({ runId });
    expect(await app.ports.runs.readLock('build-ubuntu-web')).toBe(runId);
    expect(await app.ports.runs.get(old)).toEqual({ runId: old, kind: 'build', image: 'ubuntu-web', trigger: 'http', createdAt: expect.any(String), endedAt: '2026-03-01T08:00:00.000Z', ...settled });
    expect(await app.ports.runs.get(runId)).toMatchObject({ status: 'Pending' });
    // The old run is history, not replaced: both are listed, newest first.
    expect((await app.ports.runs.list({ image: 'ubuntu-web', kind: 'build' }, 10)).runs.map((r) => r.runId)).toContain(old);
  });
});
