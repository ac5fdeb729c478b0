/**
 * Start, stop and restart in one process: the app is loaded once and its captured registrations are re-used, which
 * is what the Durable backend's restart-and-resume scenario relies on. Also the start-up errors a user can meet.
 */
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClock } from '../../src/clock';
import type { LocalHost } from '../../src/host';
import { FIXTURE_APP_ENTRY, fixtureSettings, startFixtureHost, waitFor } from './support/fixtureHost';
import { fixtureBuild } from '../paths';

const running: LocalHost[] = [];

async function start(...args: Parameters<typeof startFixtureHost>) {
  const fixture = await startFixtureHost(...args);
  running.push(fixture.host);
  return fixture;
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((host) => host.stop()));
});

describe('restart', () => {
  it('a second host in the same process re-uses the captured registrations and reads the new settings', async () => {
    const first = await start();
    const names = first.host.invoker.functions().map((f) => f.name);
    await first.host.stop();
    await expect(fetch(`${first.host.url}/api/hello`)).rejects.toThrow();

    const second = await start({ settings: fixtureSettings({ FIXTURE_COLOUR: 'plum' }) });
    expect(second.host.invoker.functions().map((f) => f.name)).toEqual(names);
    const response = await fetch(`${second.host.url}/api/settings/FIXTURE_COLOUR`);
    expect(await response.json()).toEqual({ name: 'FIXTURE_COLOUR', value: 'plum' });
    expect(second.host.invocations()).toHaveLength(1);
  });

  it('stop() lets an in-flight request finish before closing', async () => {
    const { host } = await start();
    const pending = fetch(`${host.url}/api/slow?ms=200`);
    await waitFor(() => host.invocations('slow').some((r) => r.status === 'running'), 'slow to start');
    await host.stop();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('slept 200');
  });

  it('fires timers on a scaled clock as real time passes', async () => {
    // 3600×: one virtual hour per real second; the schedule fires every ten virtual minutes.
    const clock = createClock({ mode: 'scaled', speed: 3600, start: new Date('2026-03-01T00:00:00.000Z') });
    const { host } = await start({ clock, timers: true, settings: fixtureSettings({ FIXTURE_NIGHTLY_SCHEDULE: '0 */10 * * * *' }) });
    const record = await waitFor(() => host.invocations('nightly').find((r) => r.status === 'succeeded'), 'a ten-minute timer on the scaled clock');
    // The run itself may lag a few virtual seconds (one real millisecond is 3.6 s here); the occurrence is exact.
    const timer = JSON.parse(record.logs[0]?.replace(/^timer /, '') ?? '{}') as { scheduleStatus?: { last?: string; next?: string } };
    expect(timer.scheduleStatus?.last).toMatch(/^2026-03-01T\d\d:\d0:00\.000Z$/);
    expect(Date.parse(timer.scheduleStatus?.next ?? '') - Date.parse(timer.scheduleStatus?.last ?? '')).toBe(600_000);
  });
});

describe('AzureWebJobs.<name>.Disabled', () => {
  it('switches off HTTP routes, Event Grid delivery and timers, but keeps the function registered', async () => {
    const { host, lines } = await start({
      timers: true,
      settings: fixtureSettings({
        'AzureWebJobs.hello.Disabled': 'true',
        'AzureWebJobs.onEvent.Disabled': '1',
        'AzureWebJobs.startupTimer.Disabled': 'True',
        'AzureWebJobs.itemById.Disabled': 'false',
      }),
    });
    expect((await fetch(`${host.url}/api/hello/ada`)).status).toBe(404);
    expect((await fetch(`${host.url}/api/items/1`)).status).toBe(200);
    const delivery = await fetch(`${host.url}/runtime/webhooks/eventgrid?functionName=onEvent`, {
      method: 'POST',
      headers: { 'aeg-event-type': 'Notification' },
      body: '[]',
    });
    expect(delivery.status).toBe(404);
    // runOnStartup would have begun synchronously during start.
    expect(host.invocations('startupTimer')).toEqual([]);
    expect(lines.join('\n')).toContain('hello: httpTrigger (disabled by AzureWebJobs.hello.Disabled)');
    const status = (await (await fetch(`${host.url}/admin/host/status`)).json()) as { functions: string[] };
    expect(status.functions).toEqual(expect.arrayContaining(['hello', 'onEvent', 'startupTimer']));
    expect((await fetch(`${host.url}/admin/functions/startupTimer`, { method: 'POST' })).status).toBe(202);
  });
});

describe('start-up errors', () => {
  it('names `npm run build` when the compiled app is missing', async () => {
    await expect(start({ appEntry: `${FIXTURE_APP_ENTRY}.missing.js` })).rejects.toThrow(/does not exist: run `npm run build` first/);
  });

  it('refuses to load a second, different app into the same process', async () => {
    const { host } = await start();
    await host.stop();
    const other = fixtureBuild('durable-app/index.js');
    await expect(start({ appEntry: other })).rejects.toThrow(/already loaded .* cannot load/);
  });

  it('explains a port that is in use', async () => {
    const squatter = createServer();
    await new Promise<void>((listening) => squatter.listen(0, '127.0.0.1', listening));
    try {
      await expect(start({ port: (squatter.address() as AddressInfo).port })).rejects.toThrow(/port \d+ on 127\.0\.0\.1 is in use/);
    } finally {
      await new Promise((closed) => squatter.close(closed));
    }
  });

  it('refuses a second host while one is running in the process', async () => {
    const { host } = await start();
    await expect(start()).rejects.toThrow(`a local host is already running in this process (${host.url})`);
  });

  it('rejects a %SETTING% that is not set, naming the function, binding option and setting', async () => {
    const { FIXTURE_NIGHTLY_SCHEDULE: _omitted, ...settings } = fixtureSettings();
    await expect(start({ settings })).rejects.toThrow(
      /function 'nightly' binding '[^']+'\.schedule: app setting 'FIXTURE_NIGHTLY_SCHEDULE' is referenced as %FIXTURE_NIGHTLY_SCHEDULE% but is not set/,
    );
  });

  it.each([
    ['a five-field crontab', { FIXTURE_NIGHTLY_SCHEDULE: '30 2 * * *' }, /function 'nightly'.*expected 6 fields/],
    ['an out-of-range field', { FIXTURE_NIGHTLY_SCHEDULE: '0 0 25 * * *' }, /function 'nightly'.*not a valid NCRONTAB/],
  ])('rejects %s, naming the function and the rule', async (_what, settings, message) => {
    await expect(start({ settings: fixtureSettings(settings) })).rejects.toThrow(message);
  });
});
