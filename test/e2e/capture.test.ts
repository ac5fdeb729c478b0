import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import { vmIdHash } from '../../shared/domain/hashing';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, anImageNamed, CAPTURE_RG, SUBSCRIPTION, vmIdOf } from '../support/builders';
import { getInstance, listRuns, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

const capturedVm = (name: string, image: string, extra: Record<string, unknown> = {}) => ({
  resourceGroup: CAPTURE_RG,
  name,
  tags: { 'autopilot-capture-to': image },
  powerState: 'stopped' as const,
  osState: 'generalized' as const,
  deprovisioned: true,
  ...extra,
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    catalog: aCatalog({ images: [anImage(), anImageNamed('img-disposable')] }),
    seed: {
      resourceGroups: [{ name: 'rg-elsewhere' }],
      virtualMachines: [
        capturedVm('vm-golden', 'ubuntu-web'),
        capturedVm('vm-disposable', 'img-disposable', { tags: { 'autopilot-capture-to': 'img-disposable', 'autopilot-delete-after-capture': 'true' } }),
        capturedVm('vm-outside', 'ubuntu-web', { resourceGroup: 'rg-elsewhere' }),
        capturedVm('vm-raw', 'ubuntu-web', { osState: 'specialized', deprovisioned: false }),
        capturedVm('vm-windows', 'ubuntu-web', { osType: 'Windows' }),
        capturedVm('vm-north', 'ubuntu-web', { location: 'northeurope', powerState: 'running' }),
      ],
    },
  });
});
afterAll(async () => {
  await stack?.stop();
});

const versionsOf = (image: string) => armReader(stack).gallery.listImageVersions(imageRef(stack, image));

async function capture(vmId: string, image?: string) {
  return postJson(`${stack.url}/api/captures`, image === undefined ? { vmId } : { vmId, image });
}

describe('capture through the local host and the emulated ARM', () => {
  it('captures a generalized VM once, however often it is asked', async () => {
    const vmId = vmIdOf('vm-golden');
    const first = await capture(vmId);
    expect(first.status).toBe(202);
    const instanceId = runIdOf(first);
    expect(instanceId).toMatch(/^capture-ubuntu-web-\d{14}-[0-9a-f]{6}$/);
    expect(first.body).toMatchObject({ id: instanceId });
    // The lock is per VM (its ID compared case-insensitively): the 409 names the running capture.
    const duplicate = await capture(vmId.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/'));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: { code: 'CAPTURE_RUNNING' }, runId: instanceId, instance: { id: instanceId } });
    // Also once the capture is deallocating the VM: still 409, not a complaint about the VM's state.
    for (let i = 0; i < 3; i++) {
      stack.clock.advance(15);
      await stack.backend.engine.quiescent();
      const busy = await capture(vmId);
      expect(busy.status).toBe(409);
      expect(busy.body).toMatchObject({ runId: instanceId });
    }
    const done = await runUntilDone(stack, instanceId);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    const output = done.output as BuildOutput;
    expect(output).toMatchObject({ image: 'ubuntu-web', version: '1.0.0', promoted: true, trigger: 'http' });

    // Asked again once it completed: answered from the record, which stays exactly what the capture wrote.
    await stack.clearArmRequests();
    const again = await capture(vmId, 'ubuntu-web');
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ id: instanceId, runId: instanceId, runtimeStatus: 'Completed', output });
    expect(again.headers.get('location')).toContain(`/instances/${instanceId}`);
    expect((await getInstance(stack.url, instanceId))?.output).toEqual(output);
    expect(await stack.armRequests()).toEqual([]);

    const versions = await versionsOf('ubuntu-web');
    expect(versions.map((v) => v.name)).toEqual(['1.0.0']);
    expect(versions[0]?.tags).toMatchObject({ 'autopilot-source-vm': vmIdHash(vmId), 'autopilot-trigger': 'http', 'autopilot-build': output.buildId });
    expect(versions[0]?.excludeFromLatest).toBe(false);
    // Not tagged for deletion: the source VM stays.
    expect((await armReader(stack).compute.getVm(vmId)).name).toBe('vm-golden');
  });

  it('deletes the source VM after capture only when it is tagged to be deleted', async () => {
    const vmId = vmIdOf('vm-disposable');
    const started = await capture(vmId);
    expect(started.status).toBe(202);
    const runId = runIdOf(started);
    const done = await runUntilDone(stack, runId);
    expect(done.output).toMatchObject({ image: 'img-disposable', promoted: true });
    await expect(armReader(stack).compute.getVm(vmId)).rejects.toThrow(/^NOT_FOUND/);
    // Asked again after the VM is gone: the same version from the capture's own record, which is never replaced.
    const again = await capture(vmId);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ runId, runtimeStatus: 'Completed', output: done.output });
    await stack.backend.engine.quiescent();
    expect((await getInstance(stack.url, runId))?.output).toEqual(done.output);
    expect((await listRuns(stack.url, { kind: 'capture', image: 'img-disposable' })).map((r) => r.runId)).toEqual([runId]);
    expect(await versionsOf('img-disposable')).toHaveLength(1);
  });

  it.each([
    ['outside the capture scopes', vmIdOf('vm-outside', 'rg-elsewhere'), /outside the catalog's capture scopes/],
    ['not generalized', vmIdOf('vm-raw'), /not generalized/],
    ['of the wrong OS', vmIdOf('vm-windows'), /runs Windows but image ubuntu-web is Linux/],
    ['in another region than the gallery (running: not even stopped)', vmIdOf('vm-north'), /is in northeurope, but versions can only be captured from the gallery's region westeurope/],
    ['that does not exist', `/subscriptions/${SUBSCRIPTION}/resourceGroups/${CAPTURE_RG}/providers/Microsoft.Compute/virtualMachines/vm-none`, /does not exist/],
  ])('a VM %s → 400 with the reason, nothing created', async (_case, vmId, reason) => {
    await stack.clearArmRequests();
    const runsBefore = await listRuns(stack.url);
    const instancesBefore = stack.backend.engine.store.all().length;
    const response = await capture(vmId);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(JSON.stringify(response.body)).toMatch(reason);
    expect(await listRuns(stack.url)).toEqual(runsBefore);
    expect(stack.backend.engine.store.all()).toHaveLength(instancesBefore);
    expect((await stack.armRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('a VM that does not exist costs exactly one ARM read, however many images the catalog holds', async () => {
    await stack.clearArmRequests();
    const response = await capture(vmIdOf('vm-never-existed'));
    expect(response.status).toBe(400);
    const requests = await stack.armRequests();
    expect(requests.map((r) => `${r.method} ${r.path.toLowerCase()}`)).toEqual([`GET ${vmIdOf('vm-never-existed').toLowerCase()}`]);
  });

  it.each([
    ['named .', vmIdOf('.')],
    ['named ..', vmIdOf('..')],
    ['with a NUL', vmIdOf('vm\u0000golden')],
    ['with ?', vmIdOf('vm-golden?api-version=2020-01-01')],
    ['with #', vmIdOf('vm#golden')],
    ['with a lone surrogate', vmIdOf('vm\ud800')],
    ['with a newline', vmIdOf('vm\ngolden')],
    ['in a resource group named ..', vmIdOf('vm-golden', '..')],
    ['in a subscription that is no GUID', vmIdOf('vm-golden', CAPTURE_RG, 'not-a-guid')],
  ])('a VM ID %s → 400 VALIDATION_FAILED on vmId naming the rule, ARM never asked', async (_case, vmId) => {
    await stack.clearArmRequests();
    const response = await capture(vmId);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'vmId', message: expect.stringMatching(/\(azure\.\w+\.\w+\)/) }] } });
    expect(await stack.armRequests()).toEqual([]);
  });

  it.each([
    ['a capture body', () => capture(vmIdOf('vm-golden'), 'web\nimage')],
    ['the builds route', () => postJson(`${stack.url}/api/images/web%0Aimage/builds`, {})],
    ['the prune route', () => postJson(`${stack.url}/api/images/a%23b/prune`)],
  ])('an image name Azure could never have in %s → 400 VALIDATION_FAILED on image, ARM never asked', async (_case, send) => {
    await stack.clearArmRequests();
    const response = await send();
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: expect.arrayContaining([expect.objectContaining({ path: 'image' })]) } });
    expect(await stack.armRequests()).toEqual([]);
  });

  it('an image that contradicts the VM tag → 400', async () => {
    const response = await capture(vmIdOf('vm-golden'), 'img-disposable');
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'image' }] } });
  });
});
