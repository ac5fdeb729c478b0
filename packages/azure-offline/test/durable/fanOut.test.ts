import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForInstance } from '../../src/host/durable';
import { api, getJson, postJson, startDurableHost, uniqueId, type DurableHarness } from './durableHarness';

let h: DurableHarness;
beforeAll(async () => {
  h = await startDurableHost();
});
afterAll(async () => {
  await h.stop();
});

describe('HTTP starter → orchestration with fan-out', () => {
  it('starts through the SDK client, answers 202 with the check-status payload, and completes the fan-in', async () => {
    const id = uniqueId('fan');
    const started = await postJson(`${h.url}/api/orchestrators/fanOut/${id}`, { count: 25 });
    expect(started.status).toBe(202);
    const payload = started.body as Record<string, string>;
    expect(payload.id).toBe(id);
    expect(payload.statusQueryGetUri).toMatch(new RegExp(`^${h.url}/runtime/webhooks/durabletask/instances/${id}\\?`));
    expect(started.headers.get('location')).toBe(payload.statusQueryGetUri);

    const status = await waitForInstance(h.url, id);
    expect(status).toMatchObject({
      name: 'fanOut',
      instanceId: id,
      runtimeStatus: 'Completed',
      input: { count: 25 },
      output: { count: 25, sum: 2 * ((24 * 25) / 2) },
      customStatus: { step: 'done', percent: 100 },
    });
    const viaClient = await getJson(`${h.url}/api/status/${id}`);
    expect(viaClient.status).toBe(200);
    expect(viaClient.body).toMatchObject({ runtimeStatus: 'Completed', output: { count: 25 } });
  });

  it('runs each activity exactly once', async () => {
    const id = uniqueId('fan-once');
    const before = h.host.invocations('double').length;
    await postJson(api(h.url, `orchestrators/fanOut/${id}`), { count: 40 });
    await waitForInstance(h.url, id);
    const runs = h.host.invocations('double').slice(before);
    expect(runs).toHaveLength(40);
  });
});

describe('activity concurrency', () => {
  it('never runs more activities at once than the limit (default 10)', async () => {
    const id = uniqueId('gauge');
    await postJson(api(h.url, `orchestrators/gaugedFanOut/${id}`), { count: 60 });
    const status = await waitForInstance(h.url, id);
    const { maxInFlight } = status.output as { maxInFlight: number };
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(10);
  });

  it('with the default options, completions waiting behind each other share an episode', async () => {
    const id = uniqueId('fan-default-batch');
    const before = h.backend.engine.stats.episodes;
    await postJson(api(h.url, `orchestrators/fanOut/${id}`), { count: 200, activity: 'noop' });
    expect((await waitForInstance(h.url, id, { timeoutMs: 60_000 })).runtimeStatus).toBe('Completed');
    // One episode per completion would be 201 (the start plus 200 completions).
    expect(h.backend.engine.stats.episodes - before).toBeLessThan(200);
  });
});
