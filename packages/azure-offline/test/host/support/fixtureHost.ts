/**
 * Starts the local host on the compiled fixture app (test/fixtures/host-app). One host per test file: the
 * app registers once per process and vitest gives every file its own process.
 */
import { existsSync } from 'node:fs';
import { createClock, type Clock } from '../../../src/clock';
import { startLocalHost, type LocalHost, type LocalHostOptions } from '../../../src/host';
import { fixtureBuild, fixtureSource } from '../../paths';

export const FIXTURE_APP_ENTRY = fixtureBuild('host-app/index.js');
export const FIXTURE_HOST_JSON = fixtureSource('host-app/host.json');
/** What a host.json with no http or durable settings gives: routes under `api`. */
const DEFAULTS_HOST_JSON = fixtureSource('host-app/host.defaults.json');
export const FIXTURE_START = new Date('2026-01-01T00:00:00.000Z');

export function fixtureSettings(overrides: Record<string, string> = {}): Record<string, string> {
  return { FIXTURE_NIGHTLY_SCHEDULE: '0 30 2 * * *', FIXTURE_HUB: 'FixtureHub', FIXTURE_COLOUR: 'teal', ...overrides };
}

export interface FixtureHost {
  host: LocalHost;
  clock: Clock;
  lines: string[];
}

export async function startFixtureHost(overrides: Partial<LocalHostOptions> = {}): Promise<FixtureHost> {
  if (!existsSync(FIXTURE_APP_ENTRY)) {
    throw new Error(`${FIXTURE_APP_ENTRY} is missing: run \`npm run build\` before these tests (\`npm test\` does it)`);
  }
  const lines: string[] = [];
  const clock = overrides.clock ?? createClock({ mode: 'virtual', start: FIXTURE_START });
  const host = await startLocalHost({
    appEntry: FIXTURE_APP_ENTRY,
    hostJsonPath: DEFAULTS_HOST_JSON,
    settings: fixtureSettings(),
    port: 0,
    clock,
    timers: false,
    log: (line) => lines.push(line),
    ...overrides,
  });
  return { host, clock, lines };
}

/** Polls until `probe` returns a value; the bound only turns a hang into a readable failure. */
export async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
