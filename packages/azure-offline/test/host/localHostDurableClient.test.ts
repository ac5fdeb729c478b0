/**
 * The seams part 2 plugs into: durableClient bindings get the backend's client binding, `/runtime/webhooks/durabletask/`
 * is delegated to the backend, and the invoker runs any trigger type generically (activities here).
 *
 * The backend below is a TEST DOUBLE that records what the host hands it; the real Durable backend is issue 5's.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DurableBackend, DurableBackendDeps, DurableBackendFactory } from '../../src/host/ports';
import { FIXTURE_HOST_JSON, startFixtureHost, type FixtureHost } from './support/fixtureHost';

interface RecordingBackend {
  factory: DurableBackendFactory;
  deps: DurableBackendDeps[];
  starts: { orchestrator: string; instanceId: string; input: string }[];
  lifecycle: string[];
  /** What the host answered while the backend was starting (the app is loaded but the host is not Running yet). */
  duringStart: { status: number; body: string }[];
}

function recordingBackend(): RecordingBackend {
  const recorded: RecordingBackend = { factory: () => backend, deps: [], starts: [], lifecycle: [], duringStart: [] };
  let base = '';
  const backend: DurableBackend = {
    clientBinding: () => {
      const webhook = `${base}/runtime/webhooks/durabletask`;
      const instance = `${webhook}/instances/INSTANCEID`;
      return {
        taskHubName: recorded.deps.at(-1)?.taskHubName,
        creationUrls: { createNewInstancePostUri: `${webhook}/orchestrators/{functionName}[/{instanceId}]`, createAndWaitOnNewInstancePostUri: `${webhook}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}` },
        managementUrls: {
          id: 'INSTANCEID',
          statusQueryGetUri: instance,
          sendEventPostUri: `${instance}/raiseEvent/{eventName}`,
          terminatePostUri: `${instance}/terminate?reason={text}`,
          rewindPostUri: `${instance}/rewind?reason={text}`,
          purgeHistoryDeleteUri: instance,
          restartPostUri: `${instance}/restart`,
          suspendPostUri: `${instance}/suspend?reason={text}`,
          resumePostUri: `${instance}/resume?reason={text}`,
        },
        baseUrl: webhook,
        requiredQueryStringParameters: '',
        rpcBaseUrl: `${webhook}/`,
        httpBaseUrl: webhook,
      };
    },
    async handle(req: IncomingMessage, res: ServerResponse, url: URL) {
      const started = /^\/runtime\/webhooks\/durabletask\/orchestrators\/([^/]+)\/([^/]+)$/.exec(url.pathname);
      if (!started?.[1] || !started[2] || req.method !== 'POST') return false;
      let input = '';
      for await (const chunk of req) input += String(chunk);
      recorded.starts.push({ orchestrator: started[1], instanceId: started[2], input });
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: started[2] }));
      return true;
    },
    start: async () => {
      recorded.lifecycle.push('start');
      for (const path of ['/admin/host/status', '/api/hello']) {
        const response = await fetch(`${base}${path}`);
        recorded.duringStart.push({ status: response.status, body: await response.text() });
      }
    },
    stop: async () => void recorded.lifecycle.push('stop'),
  };
  recorded.factory = (deps) => {
    recorded.deps.push(deps);
    base = deps.baseUrl;
    return backend;
  };
  return recorded;
}

let fixture: FixtureHost;
const backend = recordingBackend();

beforeAll(async () => {
  // The fixture's own host.json: routePrefix 'fx/v1' and hubName '%FIXTURE_HUB%'.
  fixture = await startFixtureHost({ durable: backend.factory, stateDir: '/tmp/not-used-by-the-double', hostJsonPath: FIXTURE_HOST_JSON });
});

afterAll(async () => {
  await fixture?.host.stop();
});

describe('Durable backend wiring', () => {
  it('builds the backend with the invoker, clock, host URL, resolved hub name and state folder, then starts it', () => {
    expect(backend.deps).toHaveLength(1);
    expect(backend.deps[0]).toMatchObject({ baseUrl: fixture.host.url, taskHubName: 'FixtureHub', stateDir: '/tmp/not-used-by-the-double' });
    expect(backend.deps[0]?.invoker).toBe(fixture.host.invoker);
    expect(backend.deps[0]?.clock).toBe(fixture.clock);
    expect(backend.lifecycle).toEqual(['start']);
  });

  it('reports Initializing, and holds HTTP triggers back, until the backend has started', () => {
    expect(backend.duringStart).toEqual([
      { status: 200, body: JSON.stringify({ state: 'Initializing', functions: [] }) },
      { status: 503, body: 'the local host is still loading the app' },
    ]);
  });

  it('an HTTP starter gets a working durable client: startNew goes through the host to the backend', async () => {
    const response = await fetch(`${fixture.host.url}/fx/v1/things/widget`, { method: 'POST' });
    expect(response.status).toBe(202);
    expect(backend.starts).toContainEqual({ orchestrator: 'thingOrchestrator', instanceId: 'thing-widget', input: JSON.stringify({ name: 'widget' }) });
    const payload = (await response.json()) as { id: string; statusQueryGetUri: string };
    // WEBSITE_HOSTNAME keeps the SDK from rewriting status URLs to localhost:7071.
    expect(payload.id).toBe('thing-widget');
    expect(payload.statusQueryGetUri).toBe(`${fixture.host.url}/runtime/webhooks/durabletask/instances/thing-widget`);
    expect(response.headers.get('location')).toBe(payload.statusQueryGetUri);
  });

  it('answers 404 for a Durable path the backend does not serve', async () => {
    const response = await fetch(`${fixture.host.url}/runtime/webhooks/durabletask/unknown`);
    expect(response.status).toBe(404);
  });
});

describe('host.json', () => {
  it.each([
    ['/fx/v1/hello/ada', 200],
    ['/FX/V1/hello', 200],
    ['/api/hello/ada', 404],
    ['/fx/hello', 404],
  ])('routePrefix fx/v1: GET %s → %i', async (path, status) => {
    expect((await fetch(`${fixture.host.url}${path}`)).status).toBe(status);
  });
});

describe('invoker.invoke for any trigger type', () => {
  it.each([
    ['greet', { string: JSON.stringify('Tokyo') }, 'Hello Tokyo'],
    ['count', { json: JSON.stringify({ n: 41 }) }, 42],
    ['half', { json: JSON.stringify({ n: 3 }) }, 1.5],
    ['describe', { json: JSON.stringify({ name: 'abc' }) }, { name: 'abc', length: 3 }],
    ['bytes', { string: 'hi' }, Buffer.from('hi')],
  ])('%s returns its $return value as a JS value', async (name, trigger, expected) => {
    await expect(fixture.host.invoker.invoke(name, trigger)).resolves.toEqual(expected);
  });

  it('runs an orchestrator through the SDK and returns its OrchestratorState as a JS value', async () => {
    // Minimal history: the episode that starts the orchestration (docs/host-protocol.md §3–§5).
    const now = '2026-01-01T00:00:00.000Z';
    const binding = {
      history: [
        { EventType: 12, EventId: -1, IsPlayed: false, Timestamp: now },
        { EventType: 0, EventId: -1, IsPlayed: false, Timestamp: now, Name: 'thingOrchestrator', Input: JSON.stringify({ name: 'gizmo' }) },
      ],
      input: { name: 'gizmo' },
      instanceId: 'thing-gizmo',
      isReplaying: false,
      parentInstanceId: null,
      upperSchemaVersion: 1,
      longRunningTimerIntervalDuration: '3.00:00:00',
      maximumShortTimerDuration: '6.00:00:00',
      defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
    };
    const state = await fixture.host.invoker.invoke('thingOrchestrator', { string: JSON.stringify(binding) });
    // The SDK JSON-encodes activity inputs itself; the backend forwards them unchanged.
    expect(state).toMatchObject({ isDone: false, actions: [[{ actionType: 0, functionName: 'greet', input: JSON.stringify('gizmo') }]] });
  });

  it('uses the given invocation id and records the run with the reason the real host prints for durable triggers', async () => {
    await fixture.host.invoker.invoke('greet', { string: '"Oslo"' }, { invocationId: '11111111-2222-3333-4444-555555555555' });
    expect(fixture.host.invocations('greet').find((r) => r.id === '11111111-2222-3333-4444-555555555555')).toMatchObject({
      status: 'succeeded',
      reason: '(null)',
    });
    expect(fixture.lines).toContainEqual(expect.stringContaining("Executing 'Functions.greet' (Reason='(null)', Id=11111111-2222-3333-4444-555555555555)"));
  });

  it('rejects with the function’s own error', async () => {
    await expect(fixture.host.invoker.invoke('failing', { string: '""' })).rejects.toThrow('ACTIVITY_FAILED: as designed');
  });

  it('rejects for an unknown function, naming it', async () => {
    await expect(fixture.host.invoker.invoke('nope', { string: '' })).rejects.toThrow("function 'nope' is not registered");
  });

  it('lists registrations with trigger types and generated binding names', () => {
    const starter = fixture.host.invoker.functions().find((f) => f.name === 'startThing');
    expect(starter?.triggerType).toBe('httpTrigger');
    expect(starter?.bindings.map((b) => [b.type, b.direction])).toEqual(
      expect.arrayContaining([
        ['httpTrigger', 'in'],
        ['durableClient', 'in'],
        ['http', 'out'],
      ]),
    );
    expect(fixture.host.invoker.functions().find((f) => f.name === 'thingOrchestrator')?.triggerType).toBe('orchestrationTrigger');
  });
});
