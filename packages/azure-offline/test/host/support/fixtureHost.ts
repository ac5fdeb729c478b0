/**
 * Starts the local host on the compiled fixture app (test/emulator/fixtures/host-app). One host per test file: the
 * app registers once per process and vitest gives every file its own process.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClock, type Clock } from '../../../emulator/clock';
import { startLocalHost, type LocalHost, type LocalHostOptions } from '../../../emulator/host';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export const FIXTURE_APP_ENTRY = `${repoRoot}dist/test/emulator/fixtures/host-app/index.js`;
export const FIXTURE_HOST_JSON = `${repoRoot}test/emulator/fixtures/host-app/host.json`;
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
