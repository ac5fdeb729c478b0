import * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import type { PipelineApp } from '../../../../functions/triggers/buildInputs';
import type { BuildInput } from '../../../../functions/contracts';
import { createStartBuildHandler } from '../../../../functions/triggers/startBuild';
import { jsonObject, pipelineSetup, postJson } from '../../../support/triggerKit';





describe('POST /api/images/{image}/builds', () => {
  it('starts build-<image> with the catalog and settings copied into the input', async () => {
    const { app, client, context } = pipelineSetup();
    const response = await createStartBuildHandler(app)(postJson('images/ubuntu-web/builds', '{"reason":"cve fix"}', { image: 'Ubuntu-Web' }), client, context);
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toContain('/instances/build-ubuntu-web');
    expect(await jsonObject(response)).toMatchObject({ id: 'build-ubuntu-web', statusQueryGetUri: expect.stringContaining('build-ubuntu-web') });
    const started = client.started[0];
    expect(started?.name).toBe('buildImage');
    const input = started?.input as BuildInput;
    expect(input).toMatchObject({ trigger: 'http', reason: 'cve fix', polling: { minSeconds: 15, maxSeconds: 300 }, staging: app.catalog.staging });
    expect(input.recipeSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['malformed JSON', '{"reason":', /not valid JSON/, '(body)'],
    ['unknown field', '{"reasons":"x"}', /failed validation/, '(body)'],
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

  it.each([
    ['already running', false],
    ['a concurrent start wins the race', true],
  ])('%s → 409 BUILD_RUNNING with the running instance and Location', async (_case, race) => {
    const { app, client, context } = pipelineSetup();
    if (race) client.raceOnStart = true;
    else client.setStatus('build-ubuntu-web', df.OrchestrationRuntimeStatus.Running);
    const response = await createStartBuildHandler(app)(postJson('images/ubuntu-web/builds', '{}', { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(409);
    expect(response.headers.get('location')).toContain('build-ubuntu-web');
    expect(await jsonObject(response)).toMatchObject({ error: { code: 'BUILD_RUNNING' }, instance: { id: 'build-ubuntu-web' } });
    expect(client.started).toEqual([]);
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
    }
  });

  it('a finished build may be started again', async () => {
    const { app, client, context } = pipelineSetup();
    client.setStatus('build-ubuntu-web', df.OrchestrationRuntimeStatus.Failed);
    const response = await createStartBuildHandler(app)(postJson('images/ubuntu-web/builds', '{}', { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(202);
  });
});
