import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { waitForInstance } from '../src/host/durable';
import { defaultTimerLimits } from '../src/host/durable/longTimer';
import { orchestrationBinding } from '../src/host/durable/orchestrationBinding';
import { api, postJson, startDurableHost, type DurableHarness } from '../test/fixtures/durable-app/fixtureHost';

// Durable backend figures (issue 5): fan-out throughput through the real local host, and the cost of one replay as
// the history grows. Printed, never asserted: timings depend on the machine.
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function withHost<T>(maxEventsPerEpisode: number, body: (h: DurableHarness) => Promise<T>): Promise<T> {
  // The app registers once per process; a second host in the same process re-uses its registrations.
  const h = await startDurableHost({ maxEventsPerEpisode });
  try {
    return await body(h);
  } finally {
    await h.stop();
  }
}

async function fanOutRows(h: DurableHarness, label: string): Promise<string[]> {
  const rows: string[] = [];
  for (const [count, reps] of [[10, 7], [100, 7], [1000, 2]] as const) {
    const runs: number[] = [];
    const episodes: number[] = [];
    for (let run = 0; run < reps; run++) {
      const id = `bench-fan-${label}-${count}-${run}`;
      const before = h.backend.engine.stats.episodes;
      const t0 = performance.now();
      await postJson(api(h.url, `orchestrators/fanOut/${id}`), { count, activity: 'noop' });
      const status = await waitForInstance(h.url, id, { timeoutMs: 120_000, intervalMs: 2 });
      runs.push(performance.now() - t0);
      episodes.push(h.backend.engine.stats.episodes - before);
      expect(status.runtimeStatus).toBe('Completed');
    }
    // The first run warms up the JIT; the median of the rest is reported.
    const ms = median(runs.slice(1));
    rows.push(
      `  ${label.padEnd(22)} ${String(count).padStart(10)} ${ms.toFixed(1).padStart(10)} ${((count / ms) * 1000).toFixed(0).padStart(14)} ${String(median(episodes)).padStart(10)}`,
    );
  }
  return rows;
}

describe('durable backend throughput', () => {
  it('fan-out of 100 no-op activities (and 10 / 1000 for the trend)', async () => {
    const oneByOne = await withHost(1, (h) => fanOutRows(h, 'one event per episode'));
    const batched = await withHost(50, (h) => fanOutRows(h, 'up to 50 per episode'));
    console.log(
      [
        '',
        'Durable fan-out of no-op activities (real host, HTTP start → completed, median after a warm-up run)',
        '  mode                   activities    wall ms   activities/s   episodes',
        ...oneByOne,
        ...batched,
      ].join('\n'),
    );
  });

  it('replay cost vs history length', async () => {
    const rows = await withHost(1, async (h) => {
      const out: Array<{ activities: number; events: number; replayMs: number; usPerEvent: number }> = [];
      for (const count of [25, 50, 100, 200, 400, 800]) {
        const id = `bench-seq-${count}`;
        await postJson(api(h.url, `orchestrators/sequence/${id}`), { count });
        await waitForInstance(h.url, id, { timeoutMs: 120_000, intervalMs: 5 });
        const record = h.backend.engine.store.get(id);
        if (!record) throw new Error(`no record for ${id}`);
        const text = JSON.stringify(orchestrationBinding(record, record.history, defaultTimerLimits));
        const times: number[] = [];
        for (let i = 0; i < 25; i++) {
          const t0 = performance.now();
          await h.host.invoker.invoke(record.name, { string: text });
          times.push(performance.now() - t0);
        }
        // The fastest run is the cost; slower ones measure whatever else shares the CPU.
        const replayMs = Math.min(...times.slice(3));
        out.push({ activities: count, events: record.history.length, replayMs, usPerEvent: (replayMs * 1000) / record.history.length });
      }
      return out;
    });
    console.log(
      [
        '',
        'Replay of a finished `sequence` history through the invoker (one episode’s cost; fastest of 22 after 3 warm-ups)',
        '  activities   events   replay ms   µs/event',
        ...rows.map((r) => `  ${String(r.activities).padStart(10)} ${String(r.events).padStart(8)} ${r.replayMs.toFixed(2).padStart(11)} ${r.usPerEvent.toFixed(2).padStart(10)}`),
      ].join('\n'),
    );
    expect(rows).toHaveLength(6);
  });
});
