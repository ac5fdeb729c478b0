import { ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startArmEmulator, type ArmEmulator } from '@image-autopilot/azure-offline';
import { createNotificationAdapter } from '../../../../../shared/adapters/azure/notificationAdapter';
import type { NotificationEvent } from '../../../../../shared/ports/notificationPort';
import { errorCodeOf } from '../../../../../shared/ports/portError';
import { httpsJson } from '../../../../support/stack';

let arm: ArmEmulator;
beforeAll(async () => {
  arm = await startArmEmulator({ seed: { defaultPlatformImages: false } });
  // The app's credential path: App Service managed identity through the emulator's token endpoint.
  process.env.IDENTITY_ENDPOINT = arm.identityEndpoint;
  process.env.IDENTITY_HEADER = arm.identityHeader;
});
afterAll(async () => {
  await arm.stop();
});

let topics = 0;
const aTopic = () => `adapter${++topics}`;
const adapterFor = (topic: string) =>
  createNotificationAdapter({ endpoint: `${arm.url}/_emulator/topics/${topic}/api/events`, caPem: arm.caPem }, new ManagedIdentityCredential());
const control = (method: string, path: string, body?: unknown) => httpsJson(`${arm.url}/_emulator/${path}`, arm.caPem, method, body);
const listed = async (topic: string) => ((await control('GET', `topics/${topic}/events`)).body as { events: unknown[] }).events;

function anEvent(overrides: Partial<NotificationEvent> = {}): NotificationEvent {
  return {
    id: 'c0ffee00-0000-4000-8000-000000000001',
    type: 'ImageAutopilot.Build.Succeeded',
    source: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal',
    subject: 'images/web/versions/1.0.0',
    time: '2026-11-25T08:00:00.000Z',
    data: { image: 'web', version: '1.0.0', instanceId: 'build-web' },
    ...overrides,
  };
}

describe('notification adapter against the emulated Event Grid topic', () => {
  it('publishes each event as a CloudEvent with its id, subject, time and JSON data', async () => {
    const topic = aTopic();
    const events = [anEvent(), anEvent({ id: 'c0ffee00-0000-4000-8000-000000000002', type: 'ImageAutopilot.Version.Promoted', time: '2026-11-25T08:05:00.000Z' })];
    await adapterFor(topic).publish(events);
    expect(await listed(topic)).toEqual(
      events.map((e) => ({ specversion: '1.0', id: e.id, type: e.type, source: e.source, subject: e.subject, time: e.time, datacontenttype: 'application/json', data: e.data })),
    );
  });

  it('reports a failing topic as ARM_UNAVAILABLE after one attempt (retries are the activity\'s), then publishes once it recovers', async () => {
    const topic = aTopic();
    await control('POST', 'faults', { method: 'POST', path: `/_emulator/topics/${topic}/`, status: 503, count: 1 });
    const adapter = adapterFor(topic);
    const failure: unknown = await adapter.publish([anEvent()]).catch((error: unknown) => error);
    expect(errorCodeOf(failure)).toBe('ARM_UNAVAILABLE');
    expect(await listed(topic)).toEqual([]);
    await adapter.publish([anEvent()]);
    expect(await listed(topic)).toHaveLength(1);
  });

  it('maps a throttled topic to THROTTLED without sleeping in the adapter', async () => {
    const topic = aTopic();
    await control('POST', 'faults', { method: 'POST', path: `/_emulator/topics/${topic}/`, status: 429, retryAfter: 3600, count: 1 });
    const failure: unknown = await adapterFor(topic).publish([anEvent()]).catch((error: unknown) => error);
    expect(errorCodeOf(failure)).toBe('THROTTLED');
  });
});
