/**
 * Acceptance: under `npm run local` the triggers mint time-based instance IDs on the shared clock (docs/architecture.md#the-offline-azure: one
 * clock for ARM, the host and the app), so after the clock is moved a week ahead a run's ID names the emulated time
 * its own `createdTime` and report carry — not the laptop's wall time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, RUN_ID } from './support/kit';
import { shape, startedBody } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
  await client.advance(7 * 86_400);
});

afterAll(async () => {
  await stack?.stop();
});

/** `yyyymmddhhmmss` in UTC, the time in a run ID (`<kind>-[<subject>-]<yyyymmddhhmmss>-<6 hex>`). */
function stamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

describe('time-based instance IDs under npm run local', () => {
  it('names rebuild-run-<yyyymmddhhmmss>-<hex> after the shared clock second', async () => {
    const before = stamp(await client.now());
    const run = await client.runScheduledRebuild();
    const after = stamp(await client.now());
    expect(run.instanceId).toMatch(RUN_ID.rebuildRun);
    const second = run.instanceId.slice('rebuild-run-'.length, 'rebuild-run-'.length + 14);
    expect(second >= before && second <= after, `${second} outside the shared clock's ${before}..${after}`).toBe(true);
    expect(stamp(new Date(run.createdTime)) >= second).toBe(true);
  });

  it('names policy-scan-<yyyymmddhhmmss>-<hex> after the shared clock second, just before its report generatedAt', async () => {
    const before = stamp(await client.now());
    const started = await client.api('POST', '/api/policy/scans');
    expect(started.status, started.text).toBe(202);
    const id = shape(startedBody, started.body).runId;
    expect(id).toMatch(RUN_ID.policyScan);
    const after = stamp(await client.now());
    const second = id.slice('policy-scan-'.length, 'policy-scan-'.length + 14);
    expect(second >= before && second <= after, `${second} outside the shared clock's ${before}..${after}`).toBe(true);
    const done = await client.untilInstanceTerminal(id);
    expect(done.runtimeStatus).toBe('Completed');
    const generatedAt = Date.parse((done.output as { generatedAt: string }).generatedAt);
    const idTime = Date.parse(`${second.slice(0, 4)}-${second.slice(4, 6)}-${second.slice(6, 8)}T${second.slice(8, 10)}:${second.slice(10, 12)}:${second.slice(12, 14)}Z`);
    // Wall time would put the ID days before the report; the shared clock puts it moments before.
    expect(generatedAt - idTime).toBeGreaterThanOrEqual(0);
    expect(generatedAt - idTime).toBeLessThan(3_600_000);
  });
});
