/**
 * Timer triggers on the shared virtual clock, `%SETTING%` schedules, runOnStartup and the admin API that runs a
 * non-HTTP function on demand (`POST /admin/functions/{name}`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureHost, waitFor, type FixtureHost } from './support/fixtureHost';

let fixture: FixtureHost;

interface TimerSeen {
  schedule: { adjustForDST: boolean };
  scheduleStatus: { last: string; next: string | null; lastUpdated: string };
  isPastDue: boolean;
}

function timerArgument(log: string | undefined): TimerSeen {
  if (!log?.startsWith('timer ')) throw new Error(`not a timer log line: ${log}`);
  return JSON.parse(log.slice('timer '.length)) as TimerSeen;
}

async function nextNightly(count: number) {
  const record = await waitFor(() => {
    const done = fixture.host.invocations('nightly').filter((r) => r.status !== 'running');
    return done.length >= count ? done[count - 1] : undefined;
  }, `nightly invocation #${count}`);
  return { record, timer: timerArgument(record.logs[0]) };
}

beforeAll(async () => {
  // FIXTURE_NIGHTLY_SCHEDULE = '0 30 2 * * *' (fixtureSettings); the clock starts 2026-01-01T00:00:00Z.
  fixture = await startFixtureHost({ timers: true });
});

afterAll(async () => {
  await fixture?.host.stop();
});

describe('schedules on the shared clock', () => {
  it('fires runOnStartup timers once at start', async () => {
    const record = await waitFor(() => fixture.host.invocations('startupTimer').find((r) => r.status === 'succeeded'), 'startupTimer');
    expect(record.reason).toMatch(/runOnStartup/);
    expect(record.logs).toEqual(['startup pastDue=false']);
  });

  it('fires the %SETTING% schedule when the clock reaches it, once, then on the next occurrence with past-due detection', async () => {
    fixture.clock.advance(3600); // 01:00 — nothing due yet
    fixture.clock.advance(5400); // 02:30 — due
    const first = await nextNightly(1);
    expect(first.record.reason).toBe('Timer fired at 2026-01-01T02:30:00.000Z');
    expect(first.timer).toEqual({
      schedule: { adjustForDST: true },
      scheduleStatus: { last: '2026-01-01T02:30:00.000Z', next: '2026-01-02T02:30:00.000Z', lastUpdated: '2026-01-01T02:30:00.000Z' },
      isPastDue: false,
    });

    fixture.clock.advance(3 * 86_400); // jumps over three occurrences: one run, past due
    const second = await nextNightly(2);
    expect(second.timer.isPastDue).toBe(true);
    expect(second.timer.scheduleStatus).toEqual({
      last: '2026-01-02T02:30:00.000Z',
      next: '2026-01-05T02:30:00.000Z',
      lastUpdated: '2026-01-04T02:30:00.000Z',
    });
    expect(fixture.host.invocations('nightly').filter((r) => r.reason.startsWith('Timer fired'))).toHaveLength(2);
  });
});

describe('admin API', () => {
  it('runs a timer function now with a realistic timer object and answers 202', async () => {
    const response = await fetch(`${fixture.host.url}/admin/functions/startupTimer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: '' }),
    });
    expect(response.status).toBe(202);
    const runs = await waitFor(() => {
      const list = fixture.host.invocations('startupTimer').filter((r) => r.status === 'succeeded');
      return list.length >= 2 ? list : undefined;
    }, 'admin-triggered startupTimer');
    expect(runs.at(-1)?.reason).toBe('This function was programmatically called via the host APIs.');
    expect(runs.at(-1)?.logs).toEqual(['startup pastDue=false']);
  });

  it('runs a non-timer function with the given input as its trigger value', async () => {
    const event = { id: 'admin-event-1', subject: 'from/the/admin/api', eventType: 'Manual' };
    const response = await fetch(`${fixture.host.url}/admin/functions/onEvent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: JSON.stringify(event) }),
    });
    expect(response.status).toBe(202);
    const record = await waitFor(() => fixture.host.invocations('onEvent').find((r) => r.status !== 'running'), 'admin-triggered onEvent');
    expect(record).toMatchObject({ status: 'succeeded', logs: ['event admin-event-1 from/the/admin/api Manual'] });
  });

  it('accepts an empty body, and the function name case-insensitively', async () => {
    const response = await fetch(`${fixture.host.url}/admin/functions/STARTUPTIMER`, { method: 'POST' });
    expect(response.status).toBe(202);
  });

  it.each([
    ['an unknown function', '/admin/functions/noSuchTimer', '{}', 404],
    ['an HTTP function', '/admin/functions/hello', '{}', 400],
    ['malformed JSON', '/admin/functions/nightly', '{"input":', 400],
    ['a non-object body', '/admin/functions/nightly', '[1]', 400],
  ])('answers %s with a clear error', async (_what, path, body, status) => {
    const response = await fetch(`${fixture.host.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(status);
    expect((await response.json()) as unknown).toMatchObject({ error: { message: expect.any(String) } });
  });

  it('answers 405 to other methods on an admin function URL', async () => {
    const response = await fetch(`${fixture.host.url}/admin/functions/nightly`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, POST');
  });

  it('lists every function with its metadata, like the host', async () => {
    const response = await fetch(`${fixture.host.url}/admin/functions`);
    expect(response.status).toBe(200);
    const all = (await response.json()) as { name: string; invoke_url_template: string | null; isDisabled: boolean; config: { bindings: { type: string }[] } }[];
    expect(all.map((f) => f.name)).toEqual(expect.arrayContaining(['hello', 'nightly', 'startupTimer']));
    const hello = all.find((f) => f.name === 'hello');
    expect(hello).toMatchObject({ language: 'node', isDisabled: false, isDirect: false, invoke_url_template: `${fixture.host.url}/api/hello/{name?}` });
    expect(hello?.config.bindings.map((b) => b.type)).toEqual(expect.arrayContaining(['httpTrigger', 'http']));
    expect(all.find((f) => f.name === 'nightly')).toMatchObject({ invoke_url_template: null, href: `${fixture.host.url}/admin/functions/nightly` });
  });

  it('answers one function’s metadata by name (case-insensitively), 404 for an unknown one', async () => {
    const one = await fetch(`${fixture.host.url}/admin/functions/NIGHTLY`);
    expect(one.status).toBe(200);
    expect(((await one.json()) as { name: string; config: { bindings: { type: string; schedule?: string }[] } }).config.bindings[0]).toMatchObject({ type: 'timerTrigger' });
    expect((await fetch(`${fixture.host.url}/admin/functions/noSuchFunction`)).status).toBe(404);
  });
});
