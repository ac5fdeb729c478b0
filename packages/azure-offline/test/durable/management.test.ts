import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForInstance } from '../../src/host/durable';
import { api, getJson, postJson, runUntilDone, startDurableHost, uniqueId, type DurableHarness } from './durableHarness';

let h: DurableHarness;
beforeAll(async () => {
  h = await startDurableHost();
});
afterAll(async () => {
  await h.stop();
});

async function startWaiting(prefix: string): Promise<string> {
  const id = uniqueId(prefix);
  const res = await postJson(api(h.url, `orchestrators/waitForever/${id}`), { hello: 'world' });
  expect(res.status).toBe(202);
  await waitForInstance(h.url, id, { until: ['Running'] });
  return id;
}

describe('status', () => {
  it('answers 202 with Location and Retry-After while running, input/output null when absent, 404 for unknown', async () => {
    const id = uniqueId('noinput');
    await postJson(api(h.url, `orchestrators/waitForever/${id}`));
    await h.backend.engine.quiescent();
    const running = await getJson(api(h.url, `instances/${id}`));
    expect(running.status).toBe(202);
    expect(running.headers.get('location')).toMatch(new RegExp(`/runtime/webhooks/durabletask/instances/${id}\\?`));
    expect(running.headers.get('retry-after')).toBe('5');
    expect(running.body).toMatchObject({ runtimeStatus: 'Running', input: null, output: null, customStatus: { step: 'waiting' } });
    expect(Object.keys(running.body as object)).toEqual(
      expect.arrayContaining(['name', 'instanceId', 'runtimeStatus', 'input', 'customStatus', 'output', 'createdTime', 'lastUpdatedTime']),
    );
    const withHistory = await getJson(api(h.url, `instances/${id}?showHistory=true&showInput=false`));
    const events = (withHistory.body as { historyEvents: Array<{ EventType: string }> }).historyEvents.map((e) => e.EventType);
    expect(events).toEqual(['ExecutionStarted']);
    const unknown = await getJson(api(h.url, 'instances/no-such-instance'));
    expect(unknown.status).toBe(404);
    const viaClient = await getJson(`${h.url}/api/status/no-such-instance`);
    expect(viaClient.status).toBe(404);
    expect(JSON.stringify(viaClient.body)).toContain('404');
  });
});

describe('start of a running instance ID', () => {
  it('answers 409 from the HTTP API and makes the SDK client throw', async () => {
    const id = await startWaiting('dup');
    const direct = await postJson(api(h.url, `orchestrators/waitForever/${id}`));
    expect(direct.status).toBe(409);
    expect(direct.headers.get('location')).toContain(`/instances/${id}`);
    const viaClient = await postJson(`${h.url}/api/orchestrators/waitForever/${id}`);
    expect(viaClient.status).toBe(409);
  });

  it('replaces a finished instance with the same ID (overridableExistingInstanceStates: NonRunningStates)', async () => {
    const id = uniqueId('again');
    await postJson(api(h.url, `orchestrators/fanOut/${id}`), { count: 1 });
    expect((await waitForInstance(h.url, id)).output).toEqual({ count: 1, sum: 0 });
    const second = await postJson(api(h.url, `orchestrators/fanOut/${id}`), { count: 3 });
    expect(second.status).toBe(202);
    expect((await waitForInstance(h.url, id)).output).toEqual({ count: 3, sum: 6 });
  });
});

describe('terminate and purge', () => {
  it('terminates a running instance (202), then 410 on a second terminate or an event; purge deletes it', async () => {
    const id = await startWaiting('term');
    const purgeRunning = await getJson(api(h.url, `instances/${id}`), { method: 'DELETE' });
    expect(purgeRunning.status).toBe(412);
    const terminated = await postJson(api(h.url, `instances/${id}/terminate?reason=${encodeURIComponent('no longer needed')}`));
    expect(terminated.status).toBe(202);
    const status = await waitForInstance(h.url, id);
    expect(status).toMatchObject({ runtimeStatus: 'Terminated', output: 'no longer needed' });
    expect((await postJson(api(h.url, `instances/${id}/terminate`))).status).toBe(410);
    expect((await postJson(api(h.url, `instances/${id}/raiseEvent/never`), 1)).status).toBe(410);
    const purged = await getJson(api(h.url, `instances/${id}`), { method: 'DELETE' });
    expect(purged).toMatchObject({ status: 200, body: { instancesDeleted: 1 } });
    expect((await getJson(api(h.url, `instances/${id}`))).status).toBe(404);
    expect((await getJson(api(h.url, `instances/${id}`), { method: 'DELETE' })).status).toBe(404);
  });

  it('purges finished instances in bulk by filter, leaving running ones', async () => {
    const prefix = uniqueId('bulk');
    const running = await startWaiting(`${prefix}-run`);
    for (const n of [1, 2]) {
      await postJson(api(h.url, `orchestrators/fanOut/${prefix}-done-${n}`), { count: 1 });
      await waitForInstance(h.url, `${prefix}-done-${n}`);
    }
    const purged = await getJson(api(h.url, `instances?instanceIdPrefix=${prefix}&runtimeStatus=Completed,Running`), { method: 'DELETE' });
    expect(purged).toMatchObject({ status: 200, body: { instancesDeleted: 2 } });
    expect((await getJson(api(h.url, `instances/${running}`))).status).toBe(202);
    expect((await getJson(api(h.url, `instances?instanceIdPrefix=${prefix}-done`), { method: 'DELETE' })).status).toBe(404);
  });

  it('answers 404 for terminate and raiseEvent on unknown instances', async () => {
    expect((await postJson(api(h.url, 'instances/nobody/terminate'))).status).toBe(404);
    expect((await postJson(api(h.url, 'instances/nobody/raiseEvent/x'), 1)).status).toBe(404);
  });
});

describe('suspend and resume', () => {
  it('holds events and timers while suspended and replays them on resume; 410 once finished', async () => {
    const id = uniqueId('suspend');
    await postJson(api(h.url, `orchestrators/lateListener/${id}`));
    await h.backend.engine.quiescent();
    expect((await postJson(api(h.url, `instances/${id}/suspend?reason=maintenance`))).status).toBe(202);
    expect((await postJson(api(h.url, `instances/${id}/raiseEvent/late`), 'held')).status).toBe(202);
    h.clock.advance(120);
    await h.backend.engine.quiescent();
    const suspended = await getJson(api(h.url, `instances/${id}?showHistory=true`));
    expect(suspended.status).toBe(202);
    expect(suspended.body).toMatchObject({ runtimeStatus: 'Suspended' });
    expect((suspended.body as { historyEvents: Array<{ EventType: string }> }).historyEvents.map((e) => e.EventType)).not.toContain('TimerFired');
    const listed = await getJson(api(h.url, `instances?runtimeStatus=Suspended&instanceIdPrefix=${id}`));
    expect((listed.body as unknown[]).length).toBe(1);

    expect((await postJson(api(h.url, `instances/${id}/resume?reason=done`))).status).toBe(202);
    const status = await runUntilDone(h, id, 1);
    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: { value: 'held' } });
    expect((await postJson(api(h.url, `instances/${id}/suspend`))).status).toBe(410);
    expect((await postJson(api(h.url, 'instances/nobody/resume'))).status).toBe(404);
  });
});

describe('listing', () => {
  it('filters by runtimeStatus, instanceIdPrefix and created time, pages with top + continuation token', async () => {
    const prefix = uniqueId('list');
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await startWaiting(`${prefix}-w`));
    const done = `${prefix}-done`;
    await postJson(api(h.url, `orchestrators/fanOut/${done}`), { count: 1 });
    await waitForInstance(h.url, done);

    const running = await getJson(api(h.url, `instances?runtimeStatus=Running&instanceIdPrefix=${prefix}`));
    expect((running.body as Array<{ instanceId: string }>).map((s) => s.instanceId).sort()).toEqual([...ids].sort());
    const completed = await getJson(api(h.url, `instances?runtimeStatus=Completed,Failed&instanceIdPrefix=${prefix}&showInput=false`));
    expect(completed.body).toEqual([expect.objectContaining({ instanceId: done, input: null })]);

    const seen: string[] = [];
    let token: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof getJson>> = await getJson(api(h.url, `instances?instanceIdPrefix=${prefix}&top=2`), {
        headers: token ? { 'x-ms-continuation-token': token } : {},
      });
      seen.push(...(page.body as Array<{ instanceId: string }>).map((s) => s.instanceId));
      token = page.headers.get('x-ms-continuation-token');
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual([...ids, done].sort());

    const future = new Date(h.clock.now().getTime() + 3600_000).toISOString();
    const none = await getJson(api(h.url, `instances?instanceIdPrefix=${prefix}&createdTimeFrom=${future}`));
    expect(none.body).toEqual([]);
    const viaClient = await getJson(`${h.url}/api/running`);
    expect(viaClient.body).toEqual(expect.arrayContaining(ids));
  });

  it.each([
    ['runtimeStatus=Sleeping', 'runtimeStatus'],
    ['createdTimeFrom=yesterday', 'createdTimeFrom'],
    ['top=0', 'top'],
    ['showInput=maybe', 'showInput'],
  ])('rejects ?%s with 400 naming %s', async (query, field) => {
    const res = await getJson(api(h.url, `instances?${query}`));
    expect(res.status).toBe(400);
    expect((res.body as { error: { message: string } }).error.message).toMatch(new RegExp(`^${field}: `));
  });
});

describe('bad requests', () => {
  it.each([
    ['an unknown orchestrator', 'orchestrators/noSuchThing', '{}', /functionName/],
    ['an activity as orchestrator', 'orchestrators/double', '1', /functionName/],
    ['a body that is not JSON', 'orchestrators/fanOut', '{oops', /input: request body must be JSON/],
    ['an ID with a forbidden character', 'orchestrators/fanOut/a%23b', '{}', /instanceId/],
  ])('answers 400 for %s', async (_what, path, body, message) => {
    const res = await fetch(api(h.url, path), { method: 'POST', body });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
  });

  it('answers 404 for unknown routes and 405 for wrong methods', async () => {
    expect((await getJson(api(h.url, 'nothing/here'))).status).toBe(404);
    expect((await getJson(api(h.url, 'orchestrators/fanOut'))).status).toBe(405);
  });
});

describe('features the local host does not support', () => {
  it.each([
    ['callsHttp', /Durable HTTP calls \(callHttp\) is not supported by the local host/],
    ['callsEntity', /Durable entities \(callEntity\) is not supported by the local host/],
  ])('%s fails with a clear message', async (name, message) => {
    const id = uniqueId(name);
    await postJson(api(h.url, `orchestrators/${name}/${id}`));
    const status = await runUntilDone(h, id, 1);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(message);
  });
});

describe('admin-triggered timer', () => {
  it('starts an orchestration through the durable client of a timer trigger', async () => {
    const res = await fetch(`${h.url}/admin/functions/nightlyFanOut`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(202);
    const status = await waitForInstance(h.url, 'nightly-fan-out');
    expect(status).toMatchObject({ name: 'fanOut', runtimeStatus: 'Completed', output: { count: 4, sum: 12 } });
  });
});
