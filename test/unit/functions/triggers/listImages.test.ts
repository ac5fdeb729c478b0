import { HttpRequest, InvocationContext, type HttpResponse } from '@azure/functions';
import * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import type { PipelineApp } from '../../../../functions/triggers/buildInputs';
import type { ImageSpec } from '../../../../shared/domain/catalog';
import { createListImagesHandler, versionLifecycle } from '../../../../functions/triggers/listImages';
import { aCatalog, aDefinition, anAppConfig, anImage, aVersion, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { FakeDurableClient } from '../../../support/fakeDurableClient';

const imageRef = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };

function setup(extraImages: ImageSpec[] = []) {
  const arm = new FakeArm();
  arm.addDefinition(imageRef, aDefinition());
  const app: PipelineApp = { config: anAppConfig(), catalog: aCatalog({ images: [anImage(), ...extraImages] }), ports: { gallery: arm, compute: arm } };
  return { arm, app, client: new FakeDurableClient(), context: new InvocationContext({ functionName: 'test' }) };
}

async function json(response: HttpResponse): Promise<Record<string, unknown>> {
  const parsed: unknown = await response.json();
  if (typeof parsed !== 'object' || parsed === null) throw new Error('expected a JSON object');
  return { ...parsed };
}

describe('GET /api/images', () => {
  it('lists catalog images with versions, latest, last build and pause state', async () => {
    const { app, arm, client, context } = setup();
    arm.addDefinition(imageRef, aDefinition({ tags: { 'autopilot-consecutive-failures': '3' } }));
    arm.versions.set('gal_autopilot/ubuntu-web', [
      aVersion({ name: '1.0.1' }),
      aVersion({ name: '1.0.2', excludeFromLatest: true }),
      aVersion({ name: '1.0.0' }),
    ]);
    client.setStatus('build-ubuntu-web', df.OrchestrationRuntimeStatus.Completed, { output: { version: '1.0.1' } });
    const response = await createListImagesHandler(app)(new HttpRequest({ method: 'GET', url: 'http://127.0.0.1/api/images' }), client, context);
    expect(response.status).toBe(200);
    const body = (await json(response)) as { images: Record<string, unknown>[] };
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
          instanceId: 'build-ubuntu-web',
          status: 'Completed',
          version: '1.0.1',
          statusUrl: 'http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/build-ubuntu-web',
          error: null,
        },
        paused: true,
      },
    ]);
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
    const { app, client, context } = setup();
    const response = await createListImagesHandler(app)(new HttpRequest({ method: 'GET', url: 'http://127.0.0.1/api/images' }), client, context);
    expect(await json(response)).toMatchObject({ images: [{ latestVersion: null, versions: [], lastBuild: null, paused: false }] });
  });
});
