import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, clockStart, countEvents, historyOf, postJson, runUntilDone, startDurableHost, uniqueId, type DurableHarness } from './durableHarness';

let h: DurableHarness;
beforeAll(async () => {
  h = await startDurableHost();
});
afterAll(async () => {
  await h.stop();
});

const seconds = (iso: string | undefined) => (Date.parse(iso ?? '') - clockStart.getTime()) / 1000;

describe('activity retries (callActivityWithRetry)', () => {
  it('retries after durable timers with exponential backoff and succeeds on the third attempt', async () => {
    const id = uniqueId('retry-ok');
    const key = uniqueId('flaky-key');
    const started = await postJson(api(h.url, `orchestrators/retryFlaky/${id}`), { key, failures: 2, attempts: 3 });
    expect(started.status).toBe(202);
    const status = await runUntilDone(h, id, 30);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual({ key, attempts: 3 });
    expect(countEvents(status, 'TaskScheduled')).toBe(3);
    expect(countEvents(status, 'TaskFailed')).toBe(2);
    expect(countEvents(status, 'TaskCompleted')).toBe(1);
    // first retry 60 s after the first failure, the second 120 s after the second (backoffCoefficient 2)
    const events = historyOf(status);
    const failures = events.filter((e) => e.EventType === 'TaskFailed').map((e) => seconds(e.Timestamp));
    const retryTimers = events.filter((e) => e.EventType === 'TimerCreated').map((e) => seconds(e.FireAt));
    expect(retryTimers).toHaveLength(2);
    expect(retryTimers[0]! - failures[0]!).toBeGreaterThanOrEqual(60);
    expect(retryTimers[0]! - failures[0]!).toBeLessThan(90);
    expect(retryTimers[1]! - failures[1]!).toBeGreaterThanOrEqual(120);
    expect(retryTimers[1]! - failures[1]!).toBeLessThan(150);
  });

  it('gives up after maxNumberOfAttempts and hands the last failure to the orchestrator', async () => {
    const id = uniqueId('retry-fail');
    const key = uniqueId('broken');
    await postJson(api(h.url, `orchestrators/retryGivesUp/${id}`), { key, attempts: 2 });
    const status = await runUntilDone(h, id, 1);
    expect(status.runtimeStatus).toBe('Completed');
    const output = status.output as { gaveUp: boolean; message: string };
    expect(output.gaveUp).toBe(true);
    expect(output.message).toContain(`BROKEN: ${key} never works`);
    expect(countEvents(status, 'TaskScheduled')).toBe(2);
    expect(countEvents(status, 'TaskFailed')).toBe(2);
    // The SDK waits for a retry timer even after the last attempt before it fails the task.
    expect(countEvents(status, 'TimerFired')).toBe(2);
  });

  it('fails the orchestration when its only attempt fails, with the activity error in the output', async () => {
    const id = uniqueId('no-retry');
    await postJson(api(h.url, `orchestrators/retryFlaky/${id}`), { key: uniqueId('once'), failures: 1, attempts: 1 });
    const status = await runUntilDone(h, id, 60);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/^Orchestrator function 'retryFlaky' failed: .*FLAKY: attempt 1/);
  });

  it('fails the orchestration with a clear reason when the retry options cannot work', async () => {
    const id = uniqueId('bad-retry');
    await postJson(api(h.url, `orchestrators/badRetry/${id}`));
    const status = await runUntilDone(h, id, 1);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/double with retry: retryOptions.backoffCoefficient must be a finite number > 0, got -2/);
  });
});
