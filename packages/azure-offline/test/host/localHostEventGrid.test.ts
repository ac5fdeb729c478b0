/**
 * The Event Grid webhook (`/runtime/webhooks/eventgrid?functionName=`) as Event Grid itself calls it: handshake,
 * notifications (Event Grid schema and CloudEvents), unsubscribe and the status codes that drive redelivery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudEvent, eventGridEvent, validationEvent } from './support/eventBuilders';
import { startFixtureHost, type FixtureHost } from './support/fixtureHost';

let fixture: FixtureHost;

function deliver(body: unknown, headers: Record<string, string>, functionName = 'onEvent'): Promise<Response> {
  return fetch(`${fixture.host.url}/runtime/webhooks/eventgrid?functionName=${functionName}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const notification = { 'aeg-event-type': 'Notification' };

function invocationsOf(eventId: string) {
  return fixture.host.invocations('onEvent').filter((r) => r.logs.some((line) => line.startsWith(`event ${eventId} `)));
}

beforeAll(async () => {
  fixture = await startFixtureHost();
});

afterAll(async () => {
  await fixture?.host.stop();
});

describe('subscription validation', () => {
  it.each([
    ['an array', (code: string) => [validationEvent(code)]],
    ['a single object', (code: string) => validationEvent(code)],
  ])('answers the validation code when the body is %s', async (_form, body) => {
    const response = await deliver(body('512d38b6-c7b8-40c8-89fe-f46f9e9622b6'), { 'aeg-event-type': 'SubscriptionValidation' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ validationResponse: '512d38b6-c7b8-40c8-89fe-f46f9e9622b6' });
  });

  it('does not invoke the function for a handshake', async () => {
    const before = fixture.host.invocations('onEvent').length;
    await deliver([validationEvent('code-1')], { 'aeg-event-type': 'SubscriptionValidation' });
    expect(fixture.host.invocations('onEvent')).toHaveLength(before);
  });

  it('is 400 when the validation code is missing', async () => {
    const response = await deliver([eventGridEvent({ data: {} })], { 'aeg-event-type': 'SubscriptionValidation' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('validationCode');
  });

  it('answers the CloudEvents OPTIONS handshake with the allowed origin', async () => {
    const response = await fetch(`${fixture.host.url}/runtime/webhooks/eventgrid?functionName=onEvent`, {
      method: 'OPTIONS',
      headers: { 'webhook-request-origin': 'eventgrid.azure.net' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
  });
});

describe('notifications', () => {
  it('invokes the function once per event of a batch and answers 202', async () => {
    const events = [eventGridEvent(), eventGridEvent(), eventGridEvent()];
    const response = await deliver(events, notification);
    expect(response.status).toBe(202);
    for (const event of events) {
      const [record, ...more] = invocationsOf(event.id);
      expect(more).toEqual([]);
      expect(record).toMatchObject({ status: 'succeeded', logs: [`event ${event.id} ${event.subject} ${event.eventType}`] });
      expect(record?.reason).toMatch(/^EventGrid trigger fired at /);
    }
  });

  it('accepts a single event object', async () => {
    const event = eventGridEvent();
    expect((await deliver(event, notification)).status).toBe(202);
    expect(invocationsOf(event.id)).toHaveLength(1);
  });

  it('answers 500 when any event fails, after running every event', async () => {
    const good = eventGridEvent();
    const bad = eventGridEvent({ subject: '/please/fail' });
    const response = await deliver([good, bad], notification);
    expect(response.status).toBe(500);
    expect(await response.text()).toContain(`refusing event ${bad.id}`);
    expect(invocationsOf(good.id).map((r) => r.status)).toEqual(['succeeded']);
    expect(invocationsOf(bad.id).map((r) => r.status)).toEqual(['failed']);
  });

  it.each([
    ['application/cloudevents+json', (e: Record<string, unknown>[]) => e[0]],
    ['application/cloudevents-batch+json', (e: Record<string, unknown>[]) => e],
  ])('delivers CloudEvents bodies (%s), aeg-event-type header or not', async (contentType, shape) => {
    const events = [cloudEvent(), cloudEvent()];
    const body = shape(events);
    const response = await fetch(`${fixture.host.url}/runtime/webhooks/eventgrid?functionName=onEvent`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(202);
    const delivered = Array.isArray(body) ? events : events.slice(0, 1);
    for (const event of delivered) expect(invocationsOf(String(event.id))).toHaveLength(1);
  });
});

describe('other requests', () => {
  it('answers 202 to Unsubscribe without invoking', async () => {
    const before = fixture.host.invocations('onEvent').length;
    const response = await deliver([eventGridEvent()], { 'aeg-event-type': 'Unsubscribe' });
    expect(response.status).toBe(202);
    expect(fixture.host.invocations('onEvent')).toHaveLength(before);
  });

  it.each([
    ['an unknown function', 'noSuchFunction'],
    ['a function that is not an Event Grid trigger', 'hello'],
  ])('answers 404 for %s', async (_what, functionName) => {
    const response = await deliver([eventGridEvent()], notification, functionName);
    expect(response.status).toBe(404);
  });

  it.each([
    ['no aeg-event-type header', {}, JSON.stringify([eventGridEvent()]), 'aeg-event-type'],
    ['an unknown aeg-event-type', { 'aeg-event-type': 'Bogus' }, JSON.stringify([eventGridEvent()]), 'aeg-event-type'],
    ['malformed JSON', notification, '[{"id": ', 'not valid JSON'],
    ['an empty body', notification, '', 'empty'],
    ['a body that is neither an object nor an array', notification, '42', 'JSON object or an array'],
  ])('answers 400 for %s, naming the problem', async (_what, headers, body, mentions) => {
    const response = await deliver(body, headers);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain(mentions);
  });

  it('answers 400 without functionName', async () => {
    const response = await fetch(`${fixture.host.url}/runtime/webhooks/eventgrid`, { method: 'POST', headers: notification, body: '[]' });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('functionName');
  });
});
