/**
 * Failed and interrupted publishing through the local host and the emulated ARM: a failing build or capture deletes
 * the version it created; a capture retried after a failure captures again (a Failed version is not "already
 * captured"); one retried after a termination resumes the version it left unpromoted; one deprecated since is
 * returned as it is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import { vmIdHash } from '../../shared/domain/hashing';
import { createAzureAdapters } from '../../shared/adapters/azure/createAzureAdapters';
import { armReader, imageRef } from '../support/armReader';
import { aCapturableVmSeed, aCatalog, anImageNamed, vmIdOf } from '../support/builders';
import { getInstance, getRunRecord, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';
import { expectDeterministicReplay } from '../support/replay';
import { apiFetch } from '../support/apiAuth';

const IMAGES = ['img-cap-fail', 'img-cap-stuck', 'img-build-fail', 'img-resume', 'img-deprecated'] as const;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    catalog: aCatalog({ images: IMAGES.map((name) => anImageNamed(name)) }),
    seed: {
      virtualMachines: [
        aCapturableVmSeed('vm-fail', 'img-cap-fail'),
        aCapturableVmSeed('vm-stuck', 'img-cap-stuck'),
        aCapturableVmSeed('vm-resume', 'img-resume', { tags: { 'autopilot-capture-to': 'img-resume', 'autopilot-delete-after-capture': 'true' } }),
        aCapturableVmSeed('vm-deprecated', 'img-deprecated', { powerState: 'deallocated' }),
      ],
    },
    log: process.env['E2E_LOG'] ? (line) => console.log(line) : undefined,
  });
});
afterAll(async () => {
  await stack?.stop();
});

const versionsOf = async (image: string) => (await armReader(stack).gallery.listImageVersions(imageRef(stack, image))).sort((a, b) => a.name.localeCompare(b.name));

async function capture(vm: string, stepSeconds = 15) {
  const response = await postJson(`${stack.url}/api/captures`, { vmId: vmIdOf(vm) });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return runUntilDone(stack, runIdOf(response), stepSeconds);
}

async function fault(spec: Record<string, unknown>) {
  expect((await stack.control('POST', 'faults', spec)).status).toBe(201);
}

/** Steps the clock until the capture's version exists (and is still replicating), then terminates the capture. */
async function terminateOnceVersionExists(vm: string, image: string): Promise<{ version: string; runId: string }> {
  const started = await postJson(`${stack.url}/api/captures`, { vmId: vmIdOf(vm) });
  expect(started.status).toBe(202);
  const runId = runIdOf(started);
  for (let i = 0; i < 100; i++) {
    await stack.backend.engine.quiescent();
    const [version] = await versionsOf(image);
    if (version !== undefined) {
      expect(version.replication.state).not.toBe('Completed');
      const res = await fetch(`${stack.url}/runtime/webhooks/durabletask/instances/${runId}/terminate?reason=e2e`, { method: 'POST' });
      expect(res.status).toBe(202);
      await stack.backend.engine.quiescent();
      expect((await getInstance(stack.url, runId))?.runtimeStatus).toBe('Terminated');
      // Its record is settled like any cancelled run's: Cancelled with CANCELLED, the terminate reason in the message.
      const record = await getRunRecord(stack.url, runId);
      expect(record.body).toMatchObject({ status: 'Cancelled', error: { code: 'CANCELLED', message: expect.stringContaining('e2e') } });
      return { version: version.name, runId };
    }
    stack.clock.advance(15);
  }
  throw new Error(`no version of ${image} appeared`);
}

describe('a failed capture or build leaves no version behind, and a capture can be retried', () => {
  it('a capture whose version fails to provision deletes it; the retry captures again instead of returning the Failed one', async () => {
    await fault({ method: 'PUT', path: '/images/img-cap-fail/versions/', lro: 'fail', count: 1 });
    await stack.clearArmRequests();
    const failed = await capture('vm-fail');
    expect(failed.runtimeStatus).toBe('Failed');
    expect(String(failed.output)).toMatch(/OPERATION_FAILED: version 1\.0\.0 of img-cap-fail failed to provision/);
    // It ends on the step that failed, not on the version cleanup that ran after it.
    expect(failed.customStatus).toMatchObject({ step: 'failed', detail: 'replicate: OPERATION_FAILED', percent: 100, failure: { step: 'replicate', code: 'OPERATION_FAILED' } });
    expect(await versionsOf('img-cap-fail')).toEqual([]);
    const deletes = (await stack.armRequests()).filter((r) => r.method === 'DELETE' && r.path.toLowerCase().includes('/images/img-cap-fail/versions/1.0.0'));
    expect(deletes).toHaveLength(1);

    const retried = await capture('vm-fail');
    expect(retried.runtimeStatus, JSON.stringify(retried.output)).toBe('Completed');
    // The retry is a run of its own: the failed run's record stays as it ended.
    expect(retried.instanceId).not.toBe(failed.instanceId);
    expect((await getInstance(stack.url, failed.instanceId))?.runtimeStatus).toBe('Failed');
    const output = retried.output as BuildOutput;
    expect(output).toMatchObject({ image: 'img-cap-fail', version: '1.0.0', promoted: true });
    expect(output.alreadyCaptured).toBeUndefined();
    const [version] = await versionsOf('img-cap-fail');
    expect(version).toMatchObject({ name: '1.0.0', provisioningState: 'Succeeded', excludeFromLatest: false });
    expect(version?.tags).toMatchObject({ 'autopilot-source-vm': vmIdHash(vmIdOf('vm-fail')), 'autopilot-build': output.buildId });
    // A third ask is answered from the completed capture's record, which stays as it was.
    const third = await postJson(`${stack.url}/api/captures`, { vmId: vmIdOf('vm-fail') });
    expect(third.status).toBe(202);
    expect(third.body).toMatchObject({ runId: retried.instanceId, runtimeStatus: 'Completed', output: retried.output });
  });

  it('a Failed version of the VM that could not be cleaned up does not count as captured, and is never deleted by another run', async () => {
    await fault({ method: 'PUT', path: '/images/img-cap-stuck/versions/', lro: 'fail', count: 1 });
    // Every DELETE of it is throttled far beyond what the app waits for: the failing run's cleanup gives up (logged).
    await fault({ method: 'DELETE', path: '/images/img-cap-stuck/versions/', status: 429, retryAfter: 600, count: 40 });
    // Long steps: the app sleeps out each throttled DELETE on a durable timer until it gives up.
    const failed = await capture('vm-stuck', 300);
    expect(failed.runtimeStatus).toBe('Failed');
    // The run reports its own failure, not the cleanup's.
    expect(String(failed.output)).toMatch(/^.*OPERATION_FAILED: version 1\.0\.0 of img-cap-stuck failed to provision/);
    expect((await versionsOf('img-cap-stuck')).map((v) => [v.name, v.provisioningState])).toEqual([['1.0.0', 'Failed']]);
    expect((await stack.control('DELETE', 'faults')).status).toBe(204);

    const retried = await capture('vm-stuck');
    expect(retried.runtimeStatus, JSON.stringify(retried.output)).toBe('Completed');
    expect(retried.output).toMatchObject({ version: '1.0.1', promoted: true });
    expect((retried.output as BuildOutput).alreadyCaptured).toBeUndefined();
    // The Failed 1.0.0 belongs to the first run: the second one created 1.0.1 and left 1.0.0 alone.
    expect((await versionsOf('img-cap-stuck')).map((v) => [v.name, v.provisioningState])).toEqual([
      ['1.0.0', 'Failed'],
      ['1.0.1', 'Succeeded'],
    ]);
  });

  it('a build whose version fails to provision deletes it (and its build VM); GET /api/images shows no orphan, and the failed step', async () => {
    await fault({ method: 'PUT', path: '/images/img-build-fail/versions/', lro: 'fail', count: 1 });
    const started = await postJson(`${stack.url}/api/images/img-build-fail/builds`, {});
    expect(started.status).toBe(202);
    const runId = runIdOf(started);
    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/OPERATION_FAILED: version 1\.0\.0 of img-build-fail failed to provision/);
    expect(await versionsOf('img-build-fail')).toEqual([]);
    const vms = await armReader(stack).compute.listVms(stack.catalog.gallery.subscriptionId, stack.catalog.staging.resourceGroup);
    expect(vms.filter((vm) => vm.tags['autopilot-instance'] === runId)).toEqual([]);
    expect(status.customStatus).toMatchObject({ step: 'failed', detail: 'replicate: OPERATION_FAILED', percent: 100, failure: { step: 'replicate', code: 'OPERATION_FAILED' } });
    const listed = await apiFetch(`${stack.url}/api/images`).then((r) => r.json() as Promise<{ images: { name: string; versions: unknown[]; lastBuild: unknown }[] }>);
    const image = listed.images.find((i) => i.name === 'img-build-fail');
    expect(image?.versions).toEqual([]);
    expect(image?.lastBuild).toEqual({
      instanceId: runId,
      runId,
      status: 'Failed',
      version: null,
      statusUrl: expect.stringContaining(`/runtime/webhooks/durabletask/instances/${runId}`),
      error: { step: 'replicate', code: 'OPERATION_FAILED', message: expect.stringMatching(/^OPERATION_FAILED: version 1\.0\.0 of img-build-fail failed to provision/) },
    });
  });
});

describe('a capture interrupted before promotion', () => {
  it('is resumed by the retry: it waits for replication, promotes, and deletes the VM its tag asks to delete', async () => {
    const { version: name, runId: interrupted } = await terminateOnceVersionExists('vm-resume', 'img-resume');
    const [left] = await versionsOf('img-resume');
    expect(left?.excludeFromLatest).toBe(true);

    const retried = await capture('vm-resume');
    expect(retried.runtimeStatus, JSON.stringify(retried.output)).toBe('Completed');
    expect(retried.instanceId).not.toBe(interrupted);
    const output = retried.output as BuildOutput;
    expect(output).toMatchObject({ version: name, alreadyCaptured: true, resumed: true, promoted: true, failedRegions: [] });
    expect([...output.regions].sort()).toEqual(['eastus', 'northeurope', 'westeurope']);
    const versions = await versionsOf('img-resume');
    expect(versions.map((v) => [v.name, v.excludeFromLatest, v.replication.state])).toEqual([[name, false, 'Completed']]);
    await expect(armReader(stack).compute.getVm(vmIdOf('vm-resume'))).rejects.toThrow(/^NOT_FOUND/);
    await expectDeterministicReplay(stack, retried.instanceId, retried.output);

    // Once it completed, a further ask is answered from that record: never resumed or captured again.
    const again = await postJson(`${stack.url}/api/captures`, { vmId: vmIdOf('vm-resume') });
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ runId: retried.instanceId, runtimeStatus: 'Completed', output: retried.output });
  });

  it('deprecated by prune since: returned as it is, never promoted again', async () => {
    const { version: name } = await terminateOnceVersionExists('vm-deprecated', 'img-deprecated');
    // Let the version finish replicating, then deprecate it the way prune does (excludeFromLatest + end of life).
    stack.clock.advance(900);
    const endOfLife = '2026-12-31T00:00:00.000Z';
    const lifecycle = createAzureAdapters({
      armEndpoint: stack.arm.url,
      caPem: stack.arm.caPem,
      clientId: undefined,
      defaultSubscriptionId: stack.catalog.gallery.subscriptionId,
      maxRetryAfterSeconds: 60,
    }).galleryLifecycle;
    await lifecycle.startDeprecateImageVersion(imageRef(stack, 'img-deprecated'), name, endOfLife);
    stack.clock.advance(30);

    const retried = await capture('vm-deprecated');
    expect(retried.runtimeStatus, JSON.stringify(retried.output)).toBe('Completed');
    expect(retried.output).toMatchObject({ version: name, alreadyCaptured: true, deprecated: true, promoted: false });
    const [version] = await versionsOf('img-deprecated');
    expect(version).toMatchObject({ name, excludeFromLatest: true });
    expect(version?.endOfLifeDate).toBe(endOfLife);
    expect(await versionsOf('img-deprecated')).toHaveLength(1);
  });
});
