import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, countEvents, postJson, runUntilDone, startDurableHost, uniqueId, type DurableHarness } from './durableHarness';
import { expectDeterministicReplay } from './replayCheck';

// The same orchestrations with maxEventsPerEpisode: 50 — completions share episodes, ids must not change.
let h: DurableHarness;
beforeAll(async () => {
  h = await startDurableHost({ maxEventsPerEpisode: 50 });
});
afterAll(async () => {
  await h.stop();
});

const scenarios: Array<[string, string, (key: string) => unknown, number, (key: string) => unknown]> = [
  ['fan-out', 'fanOut', () => ({ count: 200, activity: 'double' }), 1, () => ({ count: 200, sum: 199 * 200 })],
  ['retries with backoff', 'retryFlaky', (key) => ({ key, failures: 2, attempts: 3 }), 60, (key) => ({ key, attempts: 3 })],
  ['a timer racing an event', 'approvalRace', () => ({ timeoutMinutes: 5 }), 60, () => ({ outcome: 'timedOut' })],
  ['a long timer', 'longSleep', () => ({ days: 10 }), 6 * 3600, () => undefined],
  ['a sub-orchestration with retry', 'parentRetriesChild', (key) => ({ key }), 5, (key) => ({ child: { key, attempts: 3 } })],
  ['a sub-orchestration that continues as new', 'parentOfLoop', () => ({ until: 3 }), 60, () => ({ child: { generations: 3, lastDoubled: 4 } })],
];

describe('several completions per episode (maxEventsPerEpisode: 50)', () => {
  it.each(scenarios)('%s (%s) completes as with one event per episode and replays deterministically', async (_label, name, input, step, expected) => {
    const id = uniqueId(`batch-${name}`);
    const key = uniqueId('key');
    await postJson(api(h.url, `orchestrators/${name}/${id}`), input(key));
    const status = await runUntilDone(h, id, step);
    expect(status.runtimeStatus).toBe('Completed');
    const want = expected(key);
    if (want !== undefined) expect(status.output).toMatchObject(want as object);
    await expectDeterministicReplay(h, id, status.output);
  });

  it('replays a 200-activity fan-out in far fewer episodes than completions', async () => {
    const id = uniqueId('batch-episodes');
    const before = h.backend.engine.stats.episodes;
    await postJson(api(h.url, `orchestrators/fanOut/${id}`), { count: 200, activity: 'noop' });
    const status = await runUntilDone(h, id, 1);
    expect(countEvents(status, 'TaskCompleted')).toBe(200);
    expect(h.backend.engine.stats.episodes - before).toBeLessThan(200);
  });
});
