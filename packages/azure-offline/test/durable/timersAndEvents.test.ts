import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, clockStart, countEvents, historyOf, postJson, runUntilDone, startDurableHost, uniqueId, type DurableHarness } from './durableHarness';

let h: DurableHarness;
beforeAll(async () => {
  h = await startDurableHost();
});
afterAll(async () => {
  await h.stop();
});

describe('a timer racing an external event', () => {
  it('lets the event win, cancels the timer, and the timer never fires afterwards', async () => {
    const id = uniqueId('race-event');
    await postJson(api(h.url, `orchestrators/approvalRace/${id}`), { timeoutMinutes: 30 });
    await h.backend.engine.quiescent();
    // raised through the SDK client inside an app trigger
    const raised = await postJson(`${h.url}/api/events/${id}/approval`, { by: 'alice' });
    expect(raised.status).toBe(202);
    const status = await runUntilDone(h, id, 60);
    expect(status.output).toEqual({ outcome: 'approved', by: { by: 'alice' } });
    h.clock.advance(3600);
    const after = await runUntilDone(h, id, 60);
    expect(countEvents(after, 'TimerFired')).toBe(0);
    expect(historyOf(after)).toHaveLength(historyOf(status).length);
  });

  it('lets the timer win when nobody answers before the deadline', async () => {
    const id = uniqueId('race-timer');
    await postJson(api(h.url, `orchestrators/approvalRace/${id}`), { timeoutMinutes: 30 });
    const status = await runUntilDone(h, id, 10 * 60);
    expect((status.output as { outcome: string }).outcome).toBe('timedOut');
    expect(countEvents(status, 'EventRaised')).toBe(0);
    const late = await postJson(api(h.url, `instances/${id}/raiseEvent/approval`), { by: 'bob' });
    expect(late.status).toBe(410);
  });

  it('buffers an event raised before the orchestration waits for it', async () => {
    const id = uniqueId('buffered');
    await postJson(api(h.url, `orchestrators/lateListener/${id}`));
    await h.backend.engine.quiescent();
    const raised = await postJson(api(h.url, `instances/${id}/raiseEvent/late`), 42);
    expect(raised.status).toBe(202);
    const status = await runUntilDone(h, id, 30);
    expect(status.output).toEqual({ value: 42 });
    const kinds = historyOf(status).map((e) => e.EventType);
    expect(kinds.indexOf('EventRaised')).toBeLessThan(kinds.indexOf('TimerFired'));
  });
});

describe('one event task raced against successive timers', () => {
  it('lets a later round see the event; the losing timer fires into the finished instance unnoticed; another event is 410', async () => {
    const id = uniqueId('cancellable');
    await postJson(api(h.url, `orchestrators/cancellableWaits/${id}`));
    await h.backend.engine.quiescent();
    h.clock.advance(60);
    await h.backend.engine.quiescent();
    expect((await postJson(api(h.url, `instances/${id}/raiseEvent/cancel`), { requestedBy: 'alice' })).status).toBe(202);
    const status = await runUntilDone(h, id, 1);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/CANCELLED: in round 2$/);
    h.clock.advance(3600);
    const after = await runUntilDone(h, id, 60);
    expect(after.runtimeStatus).toBe('Failed');
    expect(countEvents(after, 'TimerFired')).toBe(1);
    expect(historyOf(after)).toHaveLength(historyOf(status).length);
    expect((await postJson(api(h.url, `instances/${id}/raiseEvent/cancel`), {})).status).toBe(410);
  });

  it('completes the event task from its deferred queue when the event came before the first race', async () => {
    const id = uniqueId('cancel-early');
    await postJson(api(h.url, `orchestrators/cancellableWaits/${id}`));
    expect((await postJson(api(h.url, `instances/${id}/raiseEvent/cancel`), {})).status).toBe(202);
    const status = await runUntilDone(h, id, 1);
    expect(String(status.output)).toMatch(/CANCELLED: in round 1$/);
  });
});

describe('long timers', () => {
  it('chains 3-day chunks for a 10-day timer and wakes at the requested time', async () => {
    const id = uniqueId('long');
    await postJson(api(h.url, `orchestrators/longSleep/${id}`), { days: 10 });
    const status = await runUntilDone(h, id, 6 * 3600);
    const day = 24 * 3600 * 1000;
    const woke = Date.parse((status.output as { woke: string }).woke);
    const started = Date.parse((status.output as { started: string }).started);
    expect(woke - started).toBeGreaterThanOrEqual(10 * day);
    expect(woke - started).toBeLessThan(10 * day + 6 * 3600 * 1000);
    const chunks = historyOf(status).filter((e) => e.EventType === 'TimerCreated').map((e) => (Date.parse(e.FireAt ?? '') - started) / day);
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toBe(3);
    expect(chunks[2]).toBe(10);
    expect(countEvents(status, 'TimerFired')).toBe(3);
    expect(started).toBeGreaterThanOrEqual(clockStart.getTime());
  });
});
