import * as df from 'durable-functions';
import { InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { aRunStore } from '../../../support/runStore';
import type { EventCaptureInput } from '../../../../functions/contracts';
import { vmIdHash } from '../../../../shared/domain/hashing';
import { createVmGeneralizedHandler } from '../../../../functions/triggers/vmGeneralized';
import { GENERALIZE_EVENT_TYPE, GENERALIZE_OPERATION } from '../../../../functions/triggers/generalizeEvent';
import type { PipelineApp } from '../../../../functions/triggers/buildInputs';
import { aCatalog, anAppConfig, anImage, anImageNamed, CAPTURE_RG, SUBSCRIPTION, vmIdOf } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { FakeDurableClient } from '../../../support/fakeDurableClient';
import { holdLock, runIdPattern } from '../../../support/runFixtures';

function setup() {
  const arm = new FakeArm();
  const app: PipelineApp = {
    config: anAppConfig({ maxConcurrentBuilds: 3 }),
    catalog: aCatalog({ images: [anImage(), anImageNamed('ubuntu-api')] }),
    ports: { gallery: arm, compute: arm, runs: aRunStore() },
  };
  return { arm, app, client: new FakeDurableClient(), context: new InvocationContext({ functionName: 'test' }) };
}

describe('vmGeneralized', () => {
  const vmId = vmIdOf('vm-golden');
  const event = (operationName = GENERALIZE_OPERATION, vm = vmId, topic = `/subscriptions/${SUBSCRIPTION}`) => ({
    id: 'e1',
    topic,
    subject: vm,
    eventType: GENERALIZE_EVENT_TYPE,
    data: { operationName, status: 'Succeeded', resourceUri: vm, claims: { name: 'someone@example.com' } },
  });
  const hash = vmIdHash(vmId);
  const lockKey = `capture-${hash}`;
  /** The VM's latest capture run, as its capture key names it (an event capture's ID carries the VM hash). */
  const aCaptureRun = (app: PipelineApp, client: FakeDurableClient, runtimeStatus?: df.OrchestrationRuntimeStatus, output?: unknown) =>
    holdLock(app.ports.runs, client, { kind: 'capture', subject: hash, lockKey, runtimeStatus, output, name: 'captureFromEvent' });

  it('starts captureFromEvent as a capture-<hash>-<time>-<hex> run with every catalog image and no ARM call, and records it', async () => {
    const { arm, app, client, context } = setup();
    const result = await createVmGeneralizedHandler(app)(event(), client, context);
    const runId = client.started[0]?.instanceId ?? '';
    expect(runId).toMatch(runIdPattern('capture', hash));
    expect(result).toEqual({ started: true, instanceId: runId });
    const input = client.started[0]?.input as EventCaptureInput;
    expect(client.started[0]?.name).toBe('captureFromEvent');
    expect(input).toMatchObject({ vmId, vmIdHash: hash });
    expect(input.images.map((i) => i.name)).toEqual(['ubuntu-web', 'ubuntu-api']);
    expect(arm.calls).toEqual([]);
    // The image is the VM's tag, which only the orchestration reads: the record has none yet.
    expect(await app.ports.runs.get(runId)).toEqual({ runId, kind: 'capture', subject: vmId, trigger: 'event', status: 'Pending', createdAt: expect.any(String) });
    expect(await app.ports.runs.readLock(lockKey)).toBe(runId);
  });

  it.each<[string, df.OrchestrationRuntimeStatus | undefined]>([
    ['running', df.OrchestrationRuntimeStatus.Running],
    ['just started (Durable has not heard of it yet)', undefined],
  ])('acknowledges a capture of the same VM that is %s without starting another', async (_case, runtimeStatus) => {
    const { app, client, context } = setup();
    const holder = await aCaptureRun(app, client, runtimeStatus);
    expect(await createVmGeneralizedHandler(app)(event(), client, context)).toEqual({ started: false, instanceId: holder });
    expect(client.started).toEqual([]);
    expect(await app.ports.runs.readLock(lockKey)).toBe(holder);
  });

  it('acknowledges a redelivery after the capture completed with a version, without starting it again', async () => {
    const { arm, app, client, context } = setup();
    const output = { image: 'ubuntu-web', version: '1.0.0', promoted: true, trigger: 'event', buildId: 'abcd0123' };
    const done = await aCaptureRun(app, client, df.OrchestrationRuntimeStatus.Completed, output);
    const result = await createVmGeneralizedHandler(app)(event(), client, context);
    expect(result).toEqual({ started: false, instanceId: done, alreadyCaptured: { image: 'ubuntu-web', version: '1.0.0' } });
    expect(client.started).toEqual([]);
    expect(client.instances.get(done)?.output).toEqual(output);
    expect(await app.ports.runs.readLock(lockKey)).toBe(done);
    expect(arm.calls).toEqual([]);
  });

  it.each<[string, df.OrchestrationRuntimeStatus, unknown, string]>([
    ['failed', df.OrchestrationRuntimeStatus.Failed, 'CAPTURE_REJECTED: x', 'Failed'],
    ['ignored (completed without a version)', df.OrchestrationRuntimeStatus.Completed, { ignored: true, vmId, reason: 'vm-not-found' }, 'Completed'],
  ])('starts a new run after a capture that %s, and settles the old record', async (_case, runtimeStatus, output, settled) => {
    const { app, client, context } = setup();
    const old = await aCaptureRun(app, client, runtimeStatus, output);
    const result = await createVmGeneralizedHandler(app)(event(), client, context);
    const runId = client.started[0]?.instanceId ?? '';
    expect(runId).toMatch(runIdPattern('capture', hash));
    expect(runId).not.toBe(old);
    expect(result).toEqual({ started: true, instanceId: runId });
    expect(await app.ports.runs.readLock(lockKey)).toBe(runId);
    expect(await app.ports.runs.get(old)).toMatchObject({ status: settled });
  });

  it.each<[string, unknown, string]>([
    ['a VM outside the capture scopes', event(undefined, vmIdOf('vm-golden', 'rg-elsewhere')), 'outside-capture-scopes'],
    ['a VM of another subscription', event(undefined, vmIdOf('vm-golden', CAPTURE_RG, '00000000-0000-4000-8000-00000000beef'), '/subscriptions/00000000-0000-4000-8000-00000000beef'), 'outside-capture-scopes'],
    ['a topic of another subscription', event(undefined, vmId, '/subscriptions/00000000-0000-4000-8000-00000000beef'), 'foreign-topic'],
    ['a custom topic', event(undefined, vmId, `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-x/providers/Microsoft.EventGrid/topics/forged`), 'foreign-topic'],
    ['no topic', { ...event(), topic: undefined }, 'foreign-topic'],
    ['a VM named ..', event(undefined, vmIdOf('..')), 'invalid-name'],
  ])('ignores %s from the event alone: nothing started, no ARM call', async (_case, bad, reason) => {
    const { arm, app, client, context } = setup();
    expect(await createVmGeneralizedHandler(app)(bad, client, context)).toEqual({ ignored: reason });
    expect(client.started).toEqual([]);
    expect(arm.calls).toEqual([]);
    expect((await app.ports.runs.list({}, 10)).runs).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['a foreign operation', event('Microsoft.Compute/virtualMachines/deallocate/action')],
    ['a string that is not JSON', '{not json'],
    ['undefined', undefined],
  ])('ignores %s without starting anything', async (_case, bad) => {
    const { app, client, context } = setup();
    const result = await createVmGeneralizedHandler(app)(bad, client, context);
    expect(result).toHaveProperty('ignored');
    expect(client.started).toEqual([]);
  });
});
