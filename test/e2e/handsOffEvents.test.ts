import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventCaptureOutput } from '../../functions/contracts';
import { vmIdHash } from '../../shared/domain/hashing';
import { GENERALIZE_EVENT_TYPE, GENERALIZE_OPERATION } from '../../functions/triggers/generalizeEvent';
import type { SeedDocument } from '@image-autopilot/azure-offline';
import { armReader, imageRef } from '../support/armReader';
import { CAPTURE_RG, SUBSCRIPTION, vmIdOf } from '../support/builders';
import { getInstance, runUntilDone } from '../support/durableApi';
import type { Stack } from '../support/stack';
import { expectDeterministicReplay } from '../support/replay';
import { captureRunOf, captureRunsOf, startHandsOffStack, versionNames } from './handsOffSupport';

const vmId = vmIdOf('vm-golden');
const VMS: NonNullable<SeedDocument['virtualMachines']> = [
  { resourceGroup: CAPTURE_RG, name: 'vm-golden', location: 'westeurope', tags: { 'autopilot-capture-to': 'ubuntu-web' }, powerState: 'stopped', osState: 'generalized', deprovisioned: true },
  { resourceGroup: CAPTURE_RG, name: 'vm-untagged', location: 'westeurope', powerState: 'stopped', osState: 'generalized', deprovisioned: true },
  {
    resourceGroup: CAPTURE_RG,
    name: 'vm-disposable',
    location: 'westeurope',
    tags: { 'autopilot-capture-to': 'ubuntu-web', 'autopilot-delete-after-capture': 'true' },
    powerState: 'stopped',
    osState: 'generalized',
    deprovisioned: true,
  },
];

/** As ARM publishes it to Event Grid, claims included (the trigger must never log them). */
function generalizeEvent(id: string, vm = vmId) {
  return {
    id,
    topic: `/subscriptions/${SUBSCRIPTION}`,
    subject: vm.replace('resourceGroups', 'resourcegroups'),
    eventType: GENERALIZE_EVENT_TYPE,
    eventTime: '2026-11-25T08:00:00.000Z',
    dataVersion: '2',
    metadataVersion: '1',
    data: { operationName: GENERALIZE_OPERATION, status: 'Succeeded', resourceUri: vm, claims: { name: 'someone@example.com' } },
  };
}

async function postEvents(body: unknown): Promise<number> {
  const res = await fetch(`${stack.url}/runtime/webhooks/eventgrid?functionName=vmGeneralized`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'aeg-event-type': 'Notification' },
    body: JSON.stringify(body),
  });
  return res.status;
}

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({ seed: { virtualMachines: VMS } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('vmGeneralized through the local host webhook', () => {
  it('three deliveries of a generalize event for a tagged VM yield exactly one captured version', async () => {
    // Two in one batch (they race on the VM's capture lock), then a redelivery: one run, the lock's holder.
    expect(await postEvents([generalizeEvent('e1'), generalizeEvent('e1')])).toBe(202);
    expect(await postEvents([generalizeEvent('e1')])).toBe(202);
    const instanceId = await captureRunOf(stack, vmId);
    const done = await runUntilDone(stack, instanceId);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    expect(done.output as EventCaptureOutput).toMatchObject({ image: 'ubuntu-web', version: '1.0.0', trigger: 'event' });
    await expectDeterministicReplay(stack, instanceId, done.output);

    // A redelivery after the capture finished is acknowledged as already captured: the record stays as it was.
    await stack.clearArmRequests();
    expect(await postEvents(generalizeEvent('e1'))).toBe(202);
    await stack.backend.engine.quiescent();
    expect((await getInstance(stack.url, instanceId))?.output).toEqual(done.output);
    expect(await captureRunsOf(stack, vmId)).toEqual([instanceId]);
    expect(await stack.armRequests()).toEqual([]);
    expect(await versionNames(stack, 'ubuntu-web')).toEqual(['1.0.0']);
    const version = await armReader(stack).gallery.getImageVersion(imageRef(stack, 'ubuntu-web'), '1.0.0');
    expect(version.tags).toMatchObject({ 'autopilot-trigger': 'event', 'autopilot-source-vm': vmIdHash(vmId) });
    const logs = stack.host.invocations('vmGeneralized').flatMap((r) => r.logs).join('\n');
    expect(logs).not.toContain('someone@example.com');
  });

  it('a redelivery after a capture that deleted its VM is acknowledged as already captured, never overwriting the record', async () => {
    const disposable = vmIdOf('vm-disposable');
    expect(await postEvents(generalizeEvent('e3', disposable))).toBe(202);
    const instanceId = await captureRunOf(stack, disposable);
    const done = await runUntilDone(stack, instanceId);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    const output = done.output as EventCaptureOutput;
    expect(output).toMatchObject({ image: 'ubuntu-web', promoted: true, trigger: 'event' });
    await expect(armReader(stack).compute.getVm(disposable)).rejects.toThrow(/^NOT_FOUND/);

    // Event Grid redelivers for a day: each is acknowledged, logged as already captured, and changes nothing.
    for (const id of ['e3', 'e3-again']) {
      expect(await postEvents(generalizeEvent(id, disposable))).toBe(202);
      await stack.backend.engine.quiescent();
      const after = await getInstance(stack.url, instanceId);
      expect(after?.runtimeStatus).toBe('Completed');
      expect(after?.output).toEqual(output);
      expect(await captureRunsOf(stack, disposable)).toEqual([instanceId]);
    }
    const logs = stack.host.invocations('vmGeneralized').flatMap((r) => r.logs);
    expect(logs.filter((line) => line.includes(`already captured by ${instanceId}`))).toHaveLength(2);
    expect((await armReader(stack).gallery.listImageVersions(imageRef(stack, 'ubuntu-web'))).filter((v) => v.tags['autopilot-source-vm'] === vmIdHash(disposable))).toHaveLength(1);
  });

  it('ignores an untagged VM with a recorded reason and captures nothing', async () => {
    const untagged = vmIdOf('vm-untagged');
    expect(await postEvents(generalizeEvent('e2', untagged))).toBe(202);
    const done = await runUntilDone(stack, await captureRunOf(stack, untagged));
    expect(done.runtimeStatus).toBe('Completed');
    expect(done.output).toMatchObject({ ignored: true, reason: expect.stringMatching(/^untagged/) });
    const versions = await armReader(stack).gallery.listImageVersions(imageRef(stack, 'ubuntu-web'));
    expect(versions.filter((v) => v.tags['autopilot-source-vm'] === vmIdHash(untagged))).toEqual([]);
  });
});
