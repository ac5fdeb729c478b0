/**
 * HTTP triggers through the local host, driven with fetch against the compiled fixture app — the same traffic a
 * client sends to `func start`. Run `npm run build` first (npm test does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureHost, type FixtureHost } from './support/fixtureHost';

let fixture: FixtureHost;
const url = (path: string) => `${fixture.host.url}${path}`;

interface Described {
  functionName: string;
  invocationId: string;
  method: string;
  url: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: { custom: string | null; contentType: string | null };
}

async function describeCall(path: string, init?: RequestInit): Promise<{ status: number; body: Described }> {
  const response = await fetch(url(path), init);
  return { status: response.status, body: (await response.json()) as Described };
}

beforeAll(async () => {
  fixture = await startFixtureHost();
});

afterAll(async () => {
  await fixture?.host.stop();
});

describe('route matching', () => {
  it.each([
    ['/api/hello/ada', 'hello', { name: 'ada' }],
    ['/api/hello', 'hello', {}],
    ['/api/HELLO/Grace/', 'hello', { name: 'Grace' }],
    ['/api/hello/a%20b', 'hello', { name: 'a b' }],
    ['/api/items/42', 'itemById', { id: '42' }],
    ['/api/items/-7', 'itemById', { id: '-7' }],
    ['/api/items/latest', 'itemsLatest', {}],
    ['/api/items/ab', 'itemByName', { name: 'ab' }],
    ['/api/files/a/b/c.txt', 'files', { path: 'a/b/c.txt' }],
    ['/api/files', 'files', {}],
    ['/api/pages', 'paged', { page: '1' }],
    ['/api/pages/3', 'paged', { page: '3' }],
    ['/api/defaultRoute', 'defaultRoute', {}],
  ])('GET %s runs %s with params %j', async (path, functionName, params) => {
    const { status, body } = await describeCall(path);
    expect(status).toBe(200);
    expect(body.functionName).toBe(functionName);
    expect(body.params).toEqual(params);
  });

  it.each([
    ['/api/items/a', 'fails alpha:minlength(2) and int'],
    ['/api/items/99999999999', 'overflows int and is not alpha'],
    ['/api/items/1/extra', 'has an extra segment'],
    ['/api/nowhere', 'matches no route'],
    ['/hello/ada', 'lacks the route prefix'],
    ['/admin/unknown', 'is not an admin route'],
  ])('GET %s is 404 (%s)', async (path) => {
    const response = await fetch(url(path));
    expect(response.status).toBe(404);
  });

  it('passes query, headers and the full URL through to the HttpRequest', async () => {
    const { body } = await describeCall('/api/hello/ada?tag=a&tag=b&x=%2F', { headers: { 'x-custom': 'yes' } });
    expect(body.query).toEqual({ tag: 'a,b', x: '/' });
    expect(body.headers.custom).toBe('yes');
    expect(body.url).toBe(url('/api/hello/ada?tag=a&tag=b&x=%2F'));
    expect(body.method).toBe('GET');
  });
});

describe('methods', () => {
  it.each([
    ['PUT', '/api/items/1', 'DELETE, GET'],
    ['POST', '/api/items/latest', 'GET'],
    ['DELETE', '/api/hello/ada', 'GET, POST'],
    ['GET', '/api/echo', 'POST, PUT'],
  ])('%s %s is 405 with Allow: %s', async (method, path, allow) => {
    const response = await fetch(url(path), { method });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')?.split(', ').sort().join(', ')).toBe(allow);
  });

  it('routes the same template to different functions by method', async () => {
    const get = await describeCall('/api/items/5');
    const del = await describeCall('/api/items/5', { method: 'DELETE' });
    expect([get.body.functionName, del.body.functionName]).toEqual(['itemById', 'itemsDelete']);
  });
});

describe('request and response bodies', () => {
  it('JSON in, JSON out, with the function’s status and headers', async () => {
    const response = await fetch(url('/api/echo?status=201'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ image: 'ubuntu', replicas: [1, 2] }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-echo-method')).toBe('POST');
    expect(await response.json()).toEqual({ received: { image: 'ubuntu', replicas: [1, 2] } });
  });

  it('text in, text out (UTF-8 preserved)', async () => {
    const response = await fetch(url('/api/echo'), { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'grüße 👋' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-echo-method')).toBe('PUT');
    expect(await response.text()).toBe('got: grüße 👋');
  });

  it('binary in, binary out (every byte value survives both ways)', async () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const response = await fetch(url('/api/echo'), { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes.slice().reverse());
  });

  it('cookies become Set-Cookie headers', async () => {
    const response = await fetch(url('/api/cookies'));
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('cookie set');
    expect(response.headers.getSetCookie()).toEqual(['session=abc123; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Strict']);
  });

  it('a function returning nothing answers 204 with no body', async () => {
    const response = await fetch(url('/api/nothing'));
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it('a throwing function answers 500, and the failure is in its invocation record and the log', async () => {
    const response = await fetch(url('/api/boom'));
    expect(response.status).toBe(500);
    const [record] = fixture.host.invocations('boom');
    expect(record).toMatchObject({ functionName: 'boom', status: 'failed', error: 'kaboom from the fixture', logs: ['about to fail'] });
    expect(fixture.lines).toContainEqual(expect.stringContaining(`Executed 'Functions.boom' (Failed, Id=${record?.id}`));
  });
});

describe('hooks', () => {
  it('runs appStart once, and pre/postInvocation around the handler with shared hookData, like the worker', async () => {
    const response = await fetch(url('/api/hooked'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      hookData: { seenBy: ['preInvocation'] },
      handler: { argumentCount: 3, extra: 'extra input from preInvocation', appStarts: 1 },
      error: null,
    });
  });
});

describe('log hooks', () => {
  it('let the app rewrite its own log lines before the host records or prints them', async () => {
    const response = await fetch(url('/api/leaky'));
    expect(await response.text()).toBe('logged');
    const [record] = fixture.host.invocations('leaky');
    expect(record?.logs).toEqual(['token secret=*** in a log line']);
    expect(fixture.lines.filter((line) => line.includes('abc123'))).toEqual([]);
    expect(fixture.lines).toContainEqual(expect.stringMatching(/\] warning: token secret=\*\*\* in a log line$/));
  });
});

describe('settings and logs', () => {
  it('app settings reach process.env before the app runs, with the host-owned ones', async () => {
    for (const [name, value] of [
      ['FIXTURE_COLOUR', 'teal'],
      ['FUNCTIONS_WORKER_RUNTIME', 'node'],
      ['AZURE_FUNCTIONS_ENVIRONMENT', 'Development'],
      ['WEBSITE_HOSTNAME', new URL(fixture.host.url).host],
    ]) {
      const response = await fetch(url(`/api/settings/${name}`));
      expect(await response.json()).toEqual({ name, value });
    }
  });

  it('logs Executing/Executed lines with the invocation id, and keeps the function’s own lines per invocation', async () => {
    const { body } = await describeCall('/api/hello/logger');
    const record = fixture.host.invocations('hello').find((r) => r.id === body.invocationId);
    expect(record).toMatchObject({ status: 'succeeded', logs: [`describe GET ${url('/api/hello/logger')}`] });
    const mine = fixture.lines.filter((line) => line.includes(body.invocationId));
    expect(mine).toEqual([
      expect.stringMatching(/^\[\d{4}-\d\d-\d\dT[\d:.]+Z\] Executing 'Functions\.hello' \(Reason='[^']+', Id=[0-9a-f-]{36}\)$/),
      expect.stringMatching(/^\[[^\]]+\] Executed 'Functions\.hello' \(Succeeded, Id=[0-9a-f-]{36}, Duration=\d+ms\)$/),
    ]);
  });
});

describe('without a Durable backend', () => {
  it('the Durable HTTP API answers 501 naming the missing option', async () => {
    const response = await fetch(url('/runtime/webhooks/durabletask/instances/abc'));
    expect(response.status).toBe(501);
    expect(JSON.stringify(await response.json())).toContain('durable');
  });

  it('a function with a durableClient binding fails with a clear error', async () => {
    const response = await fetch(url('/api/things/x'), { method: 'POST' });
    expect(response.status).toBe(500);
    expect(fixture.host.invocations('startThing').at(-1)?.error).toMatch(/durable client.*without a Durable backend \(LocalHostOptions\.durable\)/);
  });
});

describe('host status', () => {
  it('reports Running and every registered function', async () => {
    const response = await fetch(url('/admin/host/status'));
    expect(response.status).toBe(200);
    const status = (await response.json()) as { state: string; functions: string[] };
    expect(status.state).toBe('Running');
    expect(status.functions).toEqual(expect.arrayContaining(['hello', 'echo', 'nightly', 'startupTimer', 'onEvent', 'startThing', 'thingOrchestrator', 'greet']));
    expect(status.functions).toHaveLength(fixture.host.invoker.functions().length);
  });
});
