import { HttpRequest } from '@azure/functions';
import * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import { createListImagesHandler, versionLifecycle } from '../../../../functions/triggers/listImages';
import { aDefinition, aVersion, GALLERY } from '../../../support/builders';
import { randomUUID } from 'node:crypto';
import { newRunId } from '../../../../shared/domain/runs/runIds';
import type { RunStore } from '../../../../shared/ports/runStore';
import { imageRef, jsonObject, pipelineSetup } from '../../../support/triggerKit';

/** A build run of `image` recorded at `at` (its ID carries the time, which orders the listing). */
async function aBuildRun(runs: RunStore, image: string, at: string): Promise<string> {
  const runId = newRunId('build', image, new Date(at), randomUUID());
  await runs.create({ runId, kind: 'build', image, trigger: 'http', status: 'Running', createdAt: at });
  return runId;
}
describe('GET /api/images', () => {
  it('lists catalog images with versions, latest, last build and pause state', async () => {
    const { app, arm, client, context } = pipelineSetup();
    arm.addDefinition(imageRef, aDefinition({ tags: { 'autopilot-consecutive-failures': '3' } }));
    arm.versions.set('gal_autopilot/ubuntu-web', [
      aVersion({ name: '1.0.1' }),
      aVersion({ name: '1.0.2', excludeFromLatest: true }),
      aVersion({ name: '1.0.0' }),
    ]);
    const runId = await aBuildRun(app.ports.runs, 'ubuntu-web', '2026-11-25T03:00:00.000Z');
    client.setStatus(runId, df.OrchestrationRuntimeStatus.Completed, { output: { version: '1.0.1' } });
    const response = await createListImagesHandler(app)(new HttpRequest({ method: 'GET', url: 'http://127.0.0.1/api/images' }), client, context);
    expect(response.status).toBe(200);
    const body = (await jsonObject(response)) as { images: Record<string, unknown>[] };
    expect(body.images).toEqual([
      {
        name: 'ubuntu-web',
        gallery: GALLERY,
        latestVersion: '1.0.1',
        versions: ['1.0.2', '1.0.1', '1.0.0'].map((name) => ({
          name,
          publishedDate: '2026-01-01T00:00:00.000Z',
          excludeFromLatest: name === '1.0.2',
          endOfLifeDate: null,
          lifecycle: name === '1.0.2' ? 'unpromoted' : 'active',
          replication: { state: 'Completed', regions: [{ region: 'westeurope', state: 'Completed' }] },
        })),
        lastBuild: {
          instanceId: runId,
          runId,
          status: 'Completed',
          version: '1.0.1',
          statusUrl: `http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/${runId}`,
          error: null,
        },
        paused: true,
      },
    ]);
  });

  it("lastBuild is the image's newest build run, whatever order the runs were recorded in", async () => {
    const { app, client, context } = pipelineSetup();
    const newer = await aBuildRun(app.ports.runs, 'ubuntu-web', '2026-11-25T03:00:00.000Z');
    const older = await aBuildRun(app.ports.runs, 'ubuntu-web', '2026-11-24T03:00:00.000Z');
    client.setStatus(older, df.OrchestrationRuntimeStatus.Completed, { output: { version: '1.0.0' } });
    client.setStatus(newer, df.OrchestrationRuntimeStatus.Failed, { output: "Orchestrator function 'buildImage' failed: STEP_FAILED: the build VM did not start" });
    const response = await createListImagesHandler(app)(new HttpRequest({ method: 'GET', url: 'http://127.0.0.1/api/images' }), client, context);
    expect(await jsonObject(response)).toMatchObject({
      images: [{ lastBuild: { runId: newer, instanceId: newer, status: 'Failed', version: null, error: { code: 'STEP_FAILED', message: 'STEP_FAILED: the build VM did not start' } } }],
    });
  });

  it.each([
    [{ excludeFromLatest: false, endOfLifeDate: null }, 'active'],
    [{ excludeFromLatest: false, endOfLifeDate: '2027-01-01T00:00:00.000Z' }, 'active'],
    [{ excludeFromLatest: true, endOfLifeDate: null }, 'unpromoted'],
    [{ excludeFromLatest: true, endOfLifeDate: '2027-01-01T00:00:00.000Z' }, 'deprecated'],
  ])('lifecycle of %j is %s', (version, lifecycle) => {
    expect(versionLifecycle(version)).toBe(lifecycle);
  });

  it('an image never built has lastBuild null and latestVersion null', async () => {
    const { app, client, context } = pipelineSetup();
    const response = await createListImagesHandler(app)(new HttpRequest({ method: 'GET', url: 'http://127.0.0.1/api/images' }), client, context);
    expect(await jsonObject(response)).toMatchObject({ images: [{ latestVersion: null, versions: [], lastBuild: null, paused: false }] });
  });
});
