import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureKeyCredential, EventGridPublisherClient } from '@azure/eventgrid';
import { ManagedIdentityCredential } from '@azure/identity';
import { startForTest, uniqueName, type ArmTestContext } from './armTestKit';
import { addFault, control } from './controlClient';

let t: ArmTestContext;
beforeAll(async () => {
  t = await startForTest();
});
afterAll(async () => {
  await t.emulator.stop();
});

const endpointOf = (topic: string) => `${t.emulator.url}/_emulator/topics/${topic}/api/events`;
/** The SDK client as a publisher configures it; no SDK retries, so each test sees the topic's first answer. */
const publisherFor = (topic: string) =>
  new EventGridPublisherClient(endpointOf(topic), 'CloudEvent', new ManagedIdentityCredential(), { tlsOptions: { ca: t.emulator.caPem }, retryOptions: { maxRetries: 0 } });
const listed = async (topic: string) => ((await control(t.rest, 'GET', `topics/${topic}/events`)).body as { events: unknown[] }).events;

interface TestEvent {
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  data: Record<string, unknown>;
}

function anEvent(overrides: Partial<TestEvent> = {}): TestEvent {
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

const send = (topic: string, events: TestEvent[]) =>
  publisherFor(topic).send(events.map((e) => ({ ...e, time: new Date(e.time), datacontenttype: 'application/json' })));

/** A raw POST, for what the SDK would never send (no token, malformed events). */
function rawPost(topic: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${endpointOf(topic)}?api-version=2018-01-01`, { method: 'POST', ca: t.emulator.caPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function bearer(): Promise<Record<string, string>> {
  const token = await new ManagedIdentityCredential().getToken('https://eventgrid.azure.net/.default');
  return { authorization: `Bearer ${token.token}`, 'content-type': 'application/cloudevents-batch+json; charset=utf-8' };
}

describe('emulated notification topic through the real EventGridPublisherClient', () => {
  it('records the CloudEvents the SDK sends, with the batch content type, api-version and an Event Grid token', async () => {
    const topic = uniqueName('topic');
    const events = [anEvent(), anEvent({ id: 'c0ffee00-0000-4000-8000-000000000002', type: 'ImageAutopilot.Version.Promoted', time: '2026-11-25T08:05:00.000Z' })];
    await send(topic, events);
    expect(await listed(topic)).toEqual(
      events.map((e) => ({ specversion: '1.0', id: e.id, type: e.type, source: e.source, subject: e.subject, time: e.time, datacontenttype: 'application/json', data: e.data })),
    );
    const deliveries = (await control(t.rest, 'GET', `topics/${topic}/deliveries`)).body;
    expect(deliveries).toEqual({
      deliveries: [{ contentType: 'application/cloudevents-batch+json; charset=utf-8', apiVersion: '2018-01-01', audience: 'https://eventgrid.azure.net', events: 2 }],
    });
  });

  it('refuses a publisher without a bearer token (access keys are off) with 401 and records nothing', async () => {
    const topic = uniqueName('topic');
    const keyed = new EventGridPublisherClient(endpointOf(topic), 'CloudEvent', new AzureKeyCredential('a-key'), { tlsOptions: { ca: t.emulator.caPem } });
    await expect(keyed.send([{ type: 'ImageAutopilot.Build.Started', source: '/x', data: {} }])).rejects.toMatchObject({ statusCode: 401 });
    expect(await listed(topic)).toEqual([]);
  });

  const valid = { specversion: '1.0', id: '1', source: '/s', type: 'T' };
  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['an empty batch', '[]', /batch is empty/],
    ['a missing id', JSON.stringify([{ ...valid, id: undefined }]), /'id' is required/],
    ['an empty source', JSON.stringify([{ ...valid, source: '' }]), /'source' is required/],
    ['specversion 0.3', JSON.stringify([{ ...valid, specversion: '0.3' }]), /'specversion' must be "1.0"/],
    ['a time that is not RFC 3339', JSON.stringify([{ ...valid, time: '25/11/2026' }]), /'time' must be an RFC 3339/],
    ['a numeric subject', JSON.stringify([{ ...valid, subject: 7 }]), /'subject' must be a string/],
    ['data and data_base64', JSON.stringify([{ ...valid, data: {}, data_base64: 'AA==' }]), /mutually exclusive/],
    ['an upper-case extension', JSON.stringify([{ ...valid, traceParent: 'x' }]), /extension attribute 'traceParent'/],
    ['a bad second event', JSON.stringify([valid, { ...valid, type: 1 }]), /event 1: 'type'/],
  ])('answers 400 for %s and records nothing', async (_case, body, message) => {
    const topic = uniqueName('topic');
    const res = await rawPost(topic, body, await bearer());
    expect(res.status).toBe(400);
    expect((JSON.parse(res.body) as { error: { message: string } }).error.message).toMatch(message);
    expect(await listed(topic)).toEqual([]);
  });

  it('accepts a single structured-mode event as well as a batch', async () => {
    const topic = uniqueName('topic');
    const res = await rawPost(topic, JSON.stringify({ ...valid, time: '2026-11-25T08:00:00+01:00', traceparent: '00-ab' }), await bearer());
    expect(res.status).toBe(200);
    expect(await listed(topic)).toEqual([{ ...valid, time: '2026-11-25T08:00:00+01:00', traceparent: '00-ab' }]);
  });

  it('fails while a fault matches its path with the fault\'s status, records nothing, then recovers', async () => {
    const topic = uniqueName('topic');
    await addFault(t.rest, { method: 'POST', path: `/_emulator/topics/${topic}/`, status: 503, count: 1 });
    await expect(send(topic, [anEvent()])).rejects.toMatchObject({ statusCode: 503 });
    expect(await listed(topic)).toEqual([]);
    await send(topic, [anEvent()]);
    expect(await listed(topic)).toHaveLength(1);
  });

  it('throttles a topic with 429 and the fault\'s Retry-After', async () => {
    const topic = uniqueName('topic');
    await addFault(t.rest, { method: 'POST', path: `/_emulator/topics/${topic}/`, status: 429, retryAfter: 3600, count: 1 });
    const failure = (await send(topic, [anEvent()]).catch((error: unknown) => error)) as { statusCode?: number; response?: { headers: { get(name: string): string | undefined } } };
    expect(failure.statusCode).toBe(429);
    expect(failure.response?.headers.get('retry-after')).toBe('3600');
  });
});
