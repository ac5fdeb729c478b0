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

  it('starts captureFromEvent as capture-<hash> with every catalog image and no ARM call', async () => {
    const { arm, app, client, context } = setup();
    const result = await createVmGeneralizedHandler(app)(event(), client, context);
    expect(result).toEqual({ started: true, instanceId: `capture-${vmIdHash(vmId)}` });
    const input = client.started[0]?.input as EventCaptureInput;
    expect(client.started[0]?.name).toBe('captureFromEvent');
    expect(input).toMatchObject({ vmId, vmIdHash: vmIdHash(vmId) });
    expect(input.images.map((i) => i.name)).toEqual(['ubuntu-web', 'ubuntu-api']);
    expect(arm.calls).toEqual([]);
  });

  it('acknowledges a running capture of the same VM without starting another', async () => {
    const { app, client, context } = setup();
    client.setStatus(`capture-${vmIdHash(vmId)}`, df.OrchestrationRuntimeStatus.Running);
    expect(await createVmGeneralizedHandler(app)(event(), client, context)).toMatchObject({ started: false });
    expect(client.started).toEqual([]);
  });

  it('acknowledges a redelivery after the capture completed with a version, without starting it again', async () => {
    const { arm, app, client, context } = setup();
    const output = { image: 'ubuntu-web', version: '1.0.0', promoted: true, trigger: 'event', buildId: 'abcd0123' };
    client.setStatus(`capture-${vmIdHash(vmId)}`, df.OrchestrationRuntimeStatus.Completed, { name: 'captureFromEvent', output });
    const result = await createVmGeneralizedHandler(app)(event(), client, context);
    expect(result).toEqual({ started: false, instanceId: `capture-${vmIdHash(vmId)}`, alreadyCaptured: { image: 'ubuntu-web', version: '1.0.0' } });
    expect(client.started).toEqual([]);
    expect(client.instances.get(`capture-${vmIdHash(vmId)}`)?.output).toEqual(output);
    expect(arm.calls).toEqual([]);
  });

  it.each<[string, df.OrchestrationRuntimeStatus, unknown]>([
    ['failed', df.OrchestrationRuntimeStatus.Failed, 'CAPTURE_REJECTED: x'],
    ['ignored (completed without a version)', df.OrchestrationRuntimeStatus.Completed, { ignored: true, vmId, reason: 'vm-not-found' }],
  ])('starts again a capture that %s', async (_case, runtimeStatus, output) => {
    const { app, client, context } = setup();
    client.setStatus(`capture-${vmIdHash(vmId)}`, runtimeStatus, { output });
    expect(await createVmGeneralizedHandler(app)(event(), client, context)).toMatchObject({ started: true });
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
