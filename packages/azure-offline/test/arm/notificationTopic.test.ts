import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventGridPublisherClient } from '@azure/eventgrid';
import { ManagedIdentityCredential } from '@azure/identity';
import { startForTest, type ArmTestContext } from './armTestKit';
import { control } from './controlClient';

let t: ArmTestContext;
beforeAll(async () => {
  t = await startForTest();
});
afterAll(async () => {
  await t.emulator.stop();
});

describe('notification topic stand-in', () => {
  it('records CloudEvents sent by EventGridPublisherClient', async () => {
    const endpoint = `${t.emulator.url}/_emulator/topics/autopilot/api/events`;
    const client = new EventGridPublisherClient(endpoint, 'CloudEvent', new ManagedIdentityCredential(), { tlsOptions: { ca: t.emulator.caPem } });
    await client.send([{ type: 'ImageAutopilot.VersionPublished', source: '/image-autopilot/web', data: { image: 'web', version: '1.20261125.1' } }]);
    const { body } = await control(t.rest, 'GET', 'topics/autopilot/events');
    expect((body as { events: unknown[] }).events).toEqual([
      expect.objectContaining({ specversion: '1.0', type: 'ImageAutopilot.VersionPublished', source: '/image-autopilot/web', data: { image: 'web', version: '1.20261125.1' } }),
    ]);
  });
});
