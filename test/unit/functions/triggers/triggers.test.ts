import { HttpRequest, InvocationContext, type HttpResponse } from '@azure/functions';
import * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import type { PipelineApp } from '../../../../functions/triggers/buildInputs';
import type { BuildInput, CaptureInput } from '../../../../functions/contracts';
import type { ImageSpec } from '../../../../shared/domain/catalog';
import { vmIdHash } from '../../../../shared/domain/hashing';
import { createListImagesHandler, versionLifecycle } from '../../../../functions/triggers/listImages';
import { createStartBuildHandler } from '../../../../functions/triggers/startBuild';
import { createStartCaptureHandler } from '../../../../functions/triggers/startCapture';
import { aCatalog, aDefinition, anAppConfig, anImage, anImageNamed, aVersion, aVm, GALLERY, GALLERY_RG, SUBSCRIPTION, vmIdOf } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { FakeDurableClient } from '../../../support/fakeDurableClient';

const imageRef = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };

function setup(extraImages: ImageSpec[] = []) {
  const arm = new FakeArm();
  arm.addDefinition(imageRef, aDefinition());
  const app: PipelineApp = { config: anAppConfig(), catalog: aCatalog({ images: [anImage(), ...extraImages] }), ports: { gallery: arm, compute: arm } };
  return { arm, app, client: new FakeDurableClient(), context: new InvocationContext({ functionName: 'test' }) };
}

function post(path: string, body: string | undefined, params: Record<string, string> = {}): HttpRequest {
  return new HttpRequest({
    method: 'POST',
    url: `http://127.0.0.1:7071/api/${path}`,
    ...(body === undefined ? {} : { body: { string: body } }),
    headers: { 'content-type': 'application/json' },
    params,
  });
}

async function json(response: HttpResponse): Promise<Record<string, unknown>> {
  const parsed: unknown = await response.json();
  if (typeof parsed !== 'object' || parsed === null) throw new Error('expected a JSON object');
  return { ...parsed };
}

describe('POST /api/images/{image}/builds', () => {
  it('starts build-<image> with the catalog and settings copied into the input', async () => {
    const { app, client, context } = setup();
    const response = await createStartBuildHandler(app)(post('images/ubuntu-web/builds', '{"reason":"cve fix"}', { image: 'Ubuntu-Web' }), client, context);
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toContain('/instances/build-ubuntu-web');
    expect(await json(response)).toMatchObject({ id: 'build-ubuntu-web', statusQueryGetUri: expect.stringContaining('build-ubuntu-web') });
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
    const { app, arm, client, context } = setup();
    const response = await createStartBuildHandler(app)(post('images/ubuntu-web/builds', body, { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(400);
    const { error } = (await json(response)) as { error: { code: string; message: string; details: { path: string }[] } };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toMatch(message);
    expect(error.details[0]?.path).toBe(path);
    expect(client.started).toEqual([]);
    expect(arm.calls).toEqual([]);
  });

  it('no body is fine (reason is optional)', async () => {
    const { app, client, context } = setup();
    const response = await createStartBuildHandler(app)(post('images/ubuntu-web/builds', undefined, { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(202);
  });

  it('unknown image → 404 NOT_FOUND', async () => {
    const { app, client, context } = setup();
    const response = await createStartBuildHandler(app)(post('images/nope/builds', '{}', { image: 'nope' }), client, context);
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({ error: { code: 'NOT_FOUND', details: [{ path: 'image' }] } });
    expect(client.started).toEqual([]);
  });

  it.each([['..'], ['.'], ['a?b'], ['web\nimage'], ['web\ud800'], ['-web'], ['i'.repeat(81)]])('an image name Azure could never have (%j) → 400 on image, not 404', async (name) => {
    const { app, client, context } = setup();
    const response = await createStartBuildHandler(app)(post('images/x/builds', '{}', { image: name }), client, context);
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: expect.arrayContaining([{ path: 'image', message: expect.stringMatching(/azure\.imageDefinition\./) }]) } });
    expect(client.started).toEqual([]);
  });

  it.each([
    ['already running', false],
    ['a concurrent start wins the race', true],
  ])('%s → 409 BUILD_RUNNING with the running instance and Location', async (_case, race) => {
    const { app, client, context } = setup();
    if (race) client.raceOnStart = true;
    else client.setStatus('build-ubuntu-web', df.OrchestrationRuntimeStatus.Running);
    const response = await createStartBuildHandler(app)(post('images/ubuntu-web/builds', '{}', { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(409);
    expect(response.headers.get('location')).toContain('build-ubuntu-web');
    expect(await json(response)).toMatchObject({ error: { code: 'BUILD_RUNNING' }, instance: { id: 'build-ubuntu-web' } });
    expect(client.started).toEqual([]);
  });

  it.each([
    ['block', 3, 403],
    ['block', 0, 202],
    ['report', 3, 202],
  ] as const)('enforce %s with %i high findings in the latest report → %i', async (enforce, high, expected) => {
    const { app, client, context } = setup();
    const gated: PipelineApp = { ...app, catalog: { ...app.catalog, policy: { ...app.catalog.policy, enforce } } };
    client.setStatus('policy-scan-20261125070000', df.OrchestrationRuntimeStatus.Completed, {
      name: 'policyScan',
      createdTime: new Date(),
      output: { generatedAt: '2026-11-25T07:00:00Z', summary: { high, medium: 0, low: 0 }, findings: [] },
    });
    const response = await createStartBuildHandler(gated)(post('images/ubuntu-web/builds', '{}', { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(expected);
    if (expected === 403) {
      expect(await json(response)).toMatchObject({ error: { code: 'POLICY_BLOCKED' } });
      expect(client.started).toEqual([]);
    }
  });

  it('a finished build may be started again', async () => {
    const { app, client, context } = setup();
    client.setStatus('build-ubuntu-web', df.OrchestrationRuntimeStatus.Failed);
    const response = await createStartBuildHandler(app)(post('images/ubuntu-web/builds', '{}', { image: 'ubuntu-web' }), client, context);
    expect(response.status).toBe(202);
  });
});

describe('POST /api/captures', () => {
  const vm = aVm({ powerState: 'deallocated' });

  it('starts capture-<hash> for an eligible VM, image from its tag', async () => {
    const { app, arm, client, context } = setup();
    arm.addVm(vm);
    const response = await createStartCaptureHandler(app)(post('captures', JSON.stringify({ vmId: vm.id })), client, context);
    expect(response.status).toBe(202);
    const started = client.started[0];
    expect(started?.instanceId).toBe(`capture-${vmIdHash(vm.id)}`);
    expect(started?.input as CaptureInput).toMatchObject({ vmId: vm.id, vmIdHash: vmIdHash(vm.id), trigger: 'http', image: { name: 'ubuntu-web' } });
  });

  it.each([
    ['not a VM ID', { vmId: '/subscriptions/x/resourceGroups/y' }, 'vmId', /virtual machine resource ID/],
    ['a VM outside the capture scopes', { vmId: vmIdOf('vm-x', 'rg-other') }, 'vmId', /outside the catalog's capture scopes/],
    ['a VM that is not generalized', { vmId: vmIdOf('vm-raw') }, 'vmId', /not generalized/],
    ['a VM with the wrong OS', { vmId: vmIdOf('vm-win') }, 'vmId', /runs Windows/],
    ['an image that contradicts the tag', { vmId: vm.id, image: 'win-base' }, 'image', /must match/],
    ['a VM that does not exist', { vmId: vmIdOf('vm-missing') }, 'vmId', /no such VM/],
    ['a VM outside the gallery region', { vmId: vmIdOf('vm-ne') }, 'vmId', /is in northeurope, but versions can only be captured from the gallery's region westeurope/],
  ])('%s → 400 with the reason, nothing started', async (_case, body, path, reason) => {
    const { app, arm, client, context } = setup([anImageNamed('win-base')]);
    arm.addVm(vm);
    arm.addVm(aVm({ id: vmIdOf('vm-ne'), name: 'vm-ne', location: 'North Europe', powerState: 'deallocated' }));
    arm.addVm(aVm({ id: vmIdOf('vm-x', 'rg-other'), name: 'vm-x' }));
    arm.addVm(aVm({ id: vmIdOf('vm-raw'), name: 'vm-raw', osState: null }));
    arm.addVm(aVm({ id: vmIdOf('vm-win'), name: 'vm-win', osType: 'Windows' }));
    const response = await createStartCaptureHandler(app)(post('captures', JSON.stringify(body)), client, context);
    expect(response.status).toBe(400);
    const { error } = (await json(response)) as { error: { code: string; details: { path: string; message: string }[] } };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details[0]?.path).toBe(path);
    expect(error.details[0]?.message).toMatch(reason);
    expect(client.started).toEqual([]);
    expect(arm.callsTo('startCreateImageVersion')).toEqual([]);
  });

  it('refuses a VM outside the capture scopes from its ID alone, without reading ARM', async () => {
    const { app, arm, client, context } = setup();
    const response = await createStartCaptureHandler(app)(post('captures', JSON.stringify({ vmId: vmIdOf('vm-x', 'rg-other-evil') })), client, context);
    expect(response.status).toBe(400);
    expect(arm.calls).toEqual([]);
  });

  it('a capture of this VM still running → 409 CAPTURE_RUNNING, whatever state it left the VM in', async () => {
    const { app, arm, client, context } = setup();
    arm.addVm(aVm({ powerState: 'deallocating' }));
    client.setStatus(`capture-${vmIdHash(vm.id)}`, df.OrchestrationRuntimeStatus.Running);
    const response = await createStartCaptureHandler(app)(post('captures', JSON.stringify({ vmId: vm.id })), client, context);
    expect(response.status).toBe(409);
    expect(await json(response)).toMatchObject({ error: { code: 'CAPTURE_RUNNING' }, instance: { id: `capture-${vmIdHash(vm.id)}` } });
  });

  it('a VM captured before and no longer eligible → 202: the instance answers with the existing version', async () => {
    const { app, arm, client, context } = setup();
    arm.addVm(aVm({ powerState: 'running' }));
    arm.versions.set('gal_autopilot/ubuntu-web', [aVersion({ name: '1.0.4', tags: { 'autopilot-source-vm': vmIdHash(vm.id) } })]);
    const response = await createStartCaptureHandler(app)(post('captures', JSON.stringify({ vmId: vm.id })), client, context);
    expect(response.status).toBe(202);
    expect(client.started[0]?.instanceId).toBe(`capture-${vmIdHash(vm.id)}`);
  });

  const captured = { image: 'ubuntu-web', version: '1.0.4', promoted: true, trigger: 'http', buildId: 'abcd0123' };

  it('a capture that completed with a version → 202 with its record, nothing started, no ARM read (even with the VM gone)', async () => {
    const { app, arm, client, context } = setup();
    client.setStatus(`capture-${vmIdHash(vm.id)}`, df.OrchestrationRuntimeStatus.Completed, { name: 'captureImage', output: captured });
    const response = await createStartCaptureHandler(app)(post('captures', JSON.stringify({ vmId: vm.id, image: 'Ubuntu-Web' })), client, context);
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toContain(`/instances/capture-${vmIdHash(vm.id)}`);
    expect(await json(response)).toMatchObject({ id: `capture-${vmIdHash(vm.id)}`, runtimeStatus: 'Completed', output: captured });
    expect(client.started).toEqual([]);
    expect(arm.calls).toEqual([]);
  });

  it('a capture that completed into another image than the one asked for → 400 on image', async () => {
    const { app, client, context } = setup([anImageNamed('win-base')]);
    client.setStatus(`capture-${vmIdHash(vm.id)}`, df.OrchestrationRuntimeStatus.Completed, { output: captured });
    const response = await createStartCaptureHandler(app)(post('captures', JSON.stringify({ vmId: vm.id, image: 'win-base' })), client, context);
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'image', message: expect.stringMatching(/already captured into image "ubuntu-web" as version "1\.0\.4"/) }] } });
    expect(client.started).toEqual([]);
  });

  it.each<[string, df.OrchestrationRuntimeStatus, unknown]>([
    ['failed', df.OrchestrationRuntimeStatus.Failed, 'OPERATION_FAILED: boom'],
    ['terminated', df.OrchestrationRuntimeStatus.Terminated, null],
    ['completed without a version (ignored)', df.OrchestrationRuntimeStatus.Completed, { ignored: true, vmId: vm.id, reason: 'vm-not-found' }],
  ])('a capture that %s is started again', async (_case, runtimeStatus, output) => {
    const { app, arm, client, context } = setup();
    arm.addVm(vm);
    client.setStatus(`capture-${vmIdHash(vm.id)}`, runtimeStatus, { output });
    const response = await createStartCaptureHandler(app)(post('captures', JSON.stringify({ vmId: vm.id })), client, context);
    expect(response.status).toBe(202);
    expect(client.started.map((s) => s.instanceId)).toEqual([`capture-${vmIdHash(vm.id)}`]);
  });

  it('a VM that does not exist costs exactly one read, whatever the catalog holds', async () => {
    const { app, arm, client, context } = setup([anImageNamed('img-a'), anImageNamed('img-b')]);
    const response = await createStartCaptureHandler(app)(post('captures', JSON.stringify({ vmId: vmIdOf('vm-gone') })), client, context);
    expect(response.status).toBe(400);
    expect(arm.calls.map((c) => c.method)).toEqual(['getVm']);
  });

  it.each([
    ['named .', vmIdOf('.'), /virtual machine name "\." must start with a letter or digit/],
    ['named ..', vmIdOf('..'), /virtual machine name/],
    ['with a NUL', vmIdOf('vm\u0000x'), /found "\\u0000"/],
    ['with ?', vmIdOf('vm?x'), /found "\?"/],
    ['with #', vmIdOf('vm#x'), /found "#"/],
    ['with a lone surrogate', vmIdOf('vm\ud800'), /found "\\ud800"/],
    ['with a newline', vmIdOf('vm\nx'), /found "\\n"/],
    ['longer than 64', vmIdOf('v'.repeat(65)), /azure\.virtualMachine\.length/],
    ['in a resource group ending with a period', vmIdOf('vm', 'rg.'), /resource group name "rg\." must not end with a period/],
    ['in a subscription that is no GUID', vmIdOf('vm', 'rg', 'not-a-guid'), /must be a GUID/],
  ])('a VM ID %s → 400 on vmId naming the rule, no ARM read', async (_case, vmId, reason) => {
    const { app, arm, client, context } = setup();
    const response = await createStartCaptureHandler(app)(post('captures', JSON.stringify({ vmId })), client, context);
    expect(response.status).toBe(400);
    const { error } = (await json(response)) as { error: { code: string; details: { path: string; message: string }[] } };
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'vmId', message: expect.stringMatching(reason) }] });
    expect(arm.calls).toEqual([]);
    expect(client.started).toEqual([]);
  });

  it('an image name Azure could never have → 400 on image, no ARM read', async () => {
    const { app, arm, client, context } = setup();
    const response = await createStartCaptureHandler(app)(post('captures', JSON.stringify({ vmId: vm.id, image: '../x' })), client, context);
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ error: { details: expect.arrayContaining([{ path: 'image', message: expect.stringMatching(/azure\.imageDefinition\.charset/) }]) } });
    expect(arm.calls).toEqual([]);
  });

  it('an unknown image named in the body → 404', async () => {
    const { app, arm, client, context } = setup();
    arm.addVm(aVm({ tags: {} }));
    const response = await createStartCaptureHandler(app)(post('captures', JSON.stringify({ vmId: vm.id, image: 'nope' })), client, context);
    expect(response.status).toBe(404);
  });
});

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
