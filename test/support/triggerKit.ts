/** What the trigger unit tests share: the pipeline routes' app over a FakeArm, request and response helpers. */
import { HttpRequest, InvocationContext, type HttpResponse } from '@azure/functions';
import type { PipelineApp } from '../../functions/triggers/buildInputs';
import type { ImageSpec } from '../../shared/domain/catalog';
import { aCatalog, aDefinition, anAppConfig, anImage, GALLERY, GALLERY_RG, SUBSCRIPTION } from './builders';
import { FakeArm } from './fakeArm';
import { FakeDurableClient } from './fakeDurableClient';
import { aRunStore } from './runStore';

/** The default image's definition (`ubuntu-web` in the builders' gallery). */
export const imageRef = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };

/** The build, capture and image routes' app: the default image (its definition exists) plus `extraImages`. */
export function pipelineSetup(extraImages: ImageSpec[] = []) {
  const arm = new FakeArm();
  arm.addDefinition(imageRef, aDefinition());
  const app: PipelineApp = { config: anAppConfig(), catalog: aCatalog({ images: [anImage(), ...extraImages] }), ports: { gallery: arm, compute: arm, runs: aRunStore() } };
  return { arm, app, client: new FakeDurableClient(), context: new InvocationContext({ functionName: 'test' }) };
}

/** A JSON POST to `/api/<path>` as the host hands it to a route (`params` are the route's parameters). */
export function postJson(path: string, body: string | undefined, params: Record<string, string> = {}): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: `http://127.0.0.1:7071/api/${path}`,
    ...(body === undefined ? {} : { body: { string: body } }),
    headers: { 'content-type': 'application/json' },
    params,
  });
}

/** A route's JSON body, which must be an object. */
export async function jsonObject(response: HttpResponse): Promise<Record<string, unknown>> {
  const parsed: unknown = await response.json();
  if (typeof parsed !== 'object' || parsed === null) throw new Error('expected a JSON object');
  return { ...parsed };
}
