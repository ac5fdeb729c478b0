import * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import type { CaptureInput } from '../../../../functions/contracts';
import type { PipelineApp } from '../../../../functions/triggers/buildInputs';
import type { FakeDurableClient } from '../../../support/fakeDurableClient';
import { vmIdHash } from '../../../../shared/domain/hashing';
import { createStartCaptureHandler } from '../../../../functions/triggers/startCapture';
import { anImageNamed, aVersion, aVm, vmIdOf } from '../../../support/builders';
import { holdLock, runIdPattern } from '../../../support/runFixtures';
import { jsonObject, pipelineSetup, postJson } from '../../../support/triggerKit';

describe('POST /api/captures', () => {
  const vm = aVm({ powerState: 'deallocated' });
  const lockKey = `capture-${vmIdHash(vm.id)}`;
  /** The VM's latest capture run, as its capture key names it. */
  const aCaptureRun = (app: PipelineApp, client: FakeDurableClient, runtimeStatus: df.OrchestrationRuntimeStatus, output?: unknown) =>
    holdLock(app.ports.runs, client, { kind: 'capture', subject: 'ubuntu-web', image: 'ubuntu-web', lockKey, runtimeStatus, output, name: 'captureImage' });

  it('starts a capture-<image>-<time>-<hex> run for an eligible VM, image from its tag, and records it under the VM\'s capture key', async () => {
    const { app, arm, client, context } = pipelineSetup();
    arm.addVm(vm);
    const before = Date.now();
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify({ vmId: vm.id })), client, context);
    expect(response.status).toBe(202);
    const started = client.started[0];
    const runId = started?.instanceId ?? '';
    expect(runId).toMatch(runIdPattern('capture', 'ubuntu-web'));
    expect(response.headers.get('location')).toContain(`/instances/${runId}`);
    expect(await jsonObject(response)).toMatchObject({ id: runId, runId });
    expect(started?.input as CaptureInput).toMatchObject({ vmId: vm.id, vmIdHash: vmIdHash(vm.id), trigger: 'http', image: { name: 'ubuntu-web' } });
    const record = await app.ports.runs.get(runId);
    expect(record).toEqual({ runId, kind: 'capture', image: 'ubuntu-web', subject: vm.id, trigger: 'http', status: 'Pending', createdAt: expect.any(String) });
    expect(Date.parse(record?.createdAt ?? '')).toBeGreaterThanOrEqual(before);
    expect(await app.ports.runs.readLock(lockKey)).toBe(runId);
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
    const { app, arm, client, context } = pipelineSetup([anImageNamed('win-base')]);
    arm.addVm(vm);
    arm.addVm(aVm({ id: vmIdOf('vm-ne'), name: 'vm-ne', location: 'North Europe', powerState: 'deallocated' }));
    arm.addVm(aVm({ id: vmIdOf('vm-x', 'rg-other'), name: 'vm-x' }));
    arm.addVm(aVm({ id: vmIdOf('vm-raw'), name: 'vm-raw', osState: null }));
    arm.addVm(aVm({ id: vmIdOf('vm-win'), name: 'vm-win', osType: 'Windows' }));
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify(body)), client, context);
    expect(response.status).toBe(400);
    const { error } = (await jsonObject(response)) as { error: { code: string; details: { path: string; message: string }[] } };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details[0]?.path).toBe(path);
    expect(error.details[0]?.message).toMatch(reason);
    expect(client.started).toEqual([]);
    expect(arm.callsTo('startCreateImageVersion')).toEqual([]);
    expect((await app.ports.runs.list({}, 10)).runs).toEqual([]);
    expect(await app.ports.runs.readLock(lockKey)).toBeNull();
  });

  it('refuses a VM outside the capture scopes from its ID alone, without reading ARM', async () => {
    const { app, arm, client, context } = pipelineSetup();
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify({ vmId: vmIdOf('vm-x', 'rg-other-evil') })), client, context);
    expect(response.status).toBe(400);
    expect(arm.calls).toEqual([]);
  });

  it('a capture of this VM still running → 409 CAPTURE_RUNNING naming it, whatever state it left the VM in', async () => {
    const { app, arm, client, context } = pipelineSetup();
    arm.addVm(aVm({ powerState: 'deallocating' }));
    const running = await aCaptureRun(app, client, df.OrchestrationRuntimeStatus.Running);
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify({ vmId: vm.id })), client, context);
    expect(response.status).toBe(409);
    expect(response.headers.get('location')).toContain(`/instances/${running}`);
    expect(await jsonObject(response)).toMatchObject({
      error: { code: 'CAPTURE_RUNNING', message: `a capture of this VM is already running: run ${running}`, details: [{ path: 'runId', message: running }] },
      runId: running,
      instance: { id: running },
    });
    expect(client.started).toEqual([]);
    // Judged before the VM: a running capture may have deallocated or deleted it.
    expect(arm.calls).toEqual([]);
  });

  it('a capture of this VM that took the lock but Durable has not heard of yet → 409 naming it', async () => {
    const { app, arm, client, context } = pipelineSetup();
    arm.addVm(vm);
    const starting = await holdLock(app.ports.runs, client, { kind: 'capture', subject: 'ubuntu-web', image: 'ubuntu-web', lockKey });
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify({ vmId: vm.id })), client, context);
    expect(response.status).toBe(409);
    expect(await jsonObject(response)).toMatchObject({ error: { code: 'CAPTURE_RUNNING' }, runId: starting, instance: { id: starting } });
    expect(client.started).toEqual([]);
    expect(await app.ports.runs.readLock(lockKey)).toBe(starting);
  });

  it('a VM captured before and no longer eligible → 202: a run starts, which answers with the existing version', async () => {
    const { app, arm, client, context } = pipelineSetup();
    arm.addVm(aVm({ powerState: 'running' }));
    arm.versions.set('gal_autopilot/ubuntu-web', [aVersion({ name: '1.0.4', tags: { 'autopilot-source-vm': vmIdHash(vm.id) } })]);
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify({ vmId: vm.id })), client, context);
    expect(response.status).toBe(202);
    expect(client.started[0]?.instanceId).toMatch(runIdPattern('capture', 'ubuntu-web'));
    expect(await app.ports.runs.readLock(lockKey)).toBe(client.started[0]?.instanceId);
  });

  const captured = { image: 'ubuntu-web', version: '1.0.4', promoted: true, trigger: 'http', buildId: 'abcd0123' };

  it('a capture that completed with a version → 202 with its record, nothing started, no ARM read (even with the VM gone)', async () => {
    const { app, arm, client, context } = pipelineSetup();
    const done = await aCaptureRun(app, client, df.OrchestrationRuntimeStatus.Completed, captured);
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify({ vmId: vm.id, image: 'Ubuntu-Web' })), client, context);
    expect(response.status).toBe(202);
    expect(response.headers.get('location')).toContain(`/instances/${done}`);
    expect(await jsonObject(response)).toMatchObject({ id: done, runId: done, runtimeStatus: 'Completed', output: captured });
    expect(client.started).toEqual([]);
    expect(arm.calls).toEqual([]);
    expect(await app.ports.runs.readLock(lockKey)).toBe(done);
    expect((await app.ports.runs.list({}, 10)).runs.map((r) => r.runId)).toEqual([done]);
  });

  it('a capture that completed into another image than the one asked for → 400 on image', async () => {
    const { app, client, context } = pipelineSetup([anImageNamed('win-base')]);
    await aCaptureRun(app, client, df.OrchestrationRuntimeStatus.Completed, captured);
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify({ vmId: vm.id, image: 'win-base' })), client, context);
    expect(response.status).toBe(400);
    expect(await jsonObject(response)).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'image', message: expect.stringMatching(/already captured into image "ubuntu-web" as version "1\.0\.4"/) }] } });
    expect(client.started).toEqual([]);
  });

  it.each<[string, df.OrchestrationRuntimeStatus, unknown, string]>([
    ['failed', df.OrchestrationRuntimeStatus.Failed, 'OPERATION_FAILED: boom', 'Failed'],
    ['terminated', df.OrchestrationRuntimeStatus.Terminated, null, 'Cancelled'],
    ['completed without a version (ignored)', df.OrchestrationRuntimeStatus.Completed, { ignored: true, vmId: vm.id, reason: 'vm-not-found' }, 'Completed'],
  ])('a capture that %s is replaced by a new run; its record is settled', async (_case, runtimeStatus, output, settled) => {
    const { app, arm, client, context } = pipelineSetup();
    arm.addVm(vm);
    const old = await aCaptureRun(app, client, runtimeStatus, output);
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify({ vmId: vm.id })), client, context);
    expect(response.status).toBe(202);
    const runId = client.started[0]?.instanceId ?? '';
    expect(client.started).toHaveLength(1);
    expect(runId).toMatch(runIdPattern('capture', 'ubuntu-web'));
    expect(runId).not.toBe(old);
    expect(await jsonObject(response)).toMatchObject({ runId });
    expect(await app.ports.runs.readLock(lockKey)).toBe(runId);
    expect(await app.ports.runs.get(old)).toMatchObject({ status: settled, endedAt: '2026-03-01T08:00:00.000Z' });
  });

  it('a VM that does not exist costs exactly one read, whatever the catalog holds', async () => {
    const { app, arm, client, context } = pipelineSetup([anImageNamed('img-a'), anImageNamed('img-b')]);
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify({ vmId: vmIdOf('vm-gone') })), client, context);
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
    const { app, arm, client, context } = pipelineSetup();
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify({ vmId })), client, context);
    expect(response.status).toBe(400);
    const { error } = (await jsonObject(response)) as { error: { code: string; details: { path: string; message: string }[] } };
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'vmId', message: expect.stringMatching(reason) }] });
    expect(arm.calls).toEqual([]);
    expect(client.started).toEqual([]);
  });

  it('an image name Azure could never have → 400 on image, no ARM read', async () => {
    const { app, arm, client, context } = pipelineSetup();
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify({ vmId: vm.id, image: '../x' })), client, context);
    expect(response.status).toBe(400);
    expect(await jsonObject(response)).toMatchObject({ error: { details: expect.arrayContaining([{ path: 'image', message: expect.stringMatching(/azure\.imageDefinition\.charset/) }]) } });
    expect(arm.calls).toEqual([]);
  });

  it('an unknown image named in the body → 404', async () => {
    const { app, arm, client, context } = pipelineSetup();
    arm.addVm(aVm({ tags: {} }));
    const response = await createStartCaptureHandler(app)(postJson('captures', JSON.stringify({ vmId: vm.id, image: 'nope' })), client, context);
    expect(response.status).toBe(404);
  });
});
