import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../src/clock';
import { waitForInstance } from '../../src/host/durable';
import { api, clockStart, postJson, startDurableHost, uniqueId, type DurableHarness } from './durableHarness';

// A clock running 3600× faster than real time: an hour passes per second without anyone calling advance().
let h: DurableHarness;
beforeAll(async () => {
  h = await startDurableHost({ clock: createClock({ mode: 'scaled', start: clockStart, speed: 3600 }) });
});
afterAll(async () => {
  await h.stop();
});

describe('durable timers on a scaled clock', () => {
  it('fire when the clock passes them on its own', async () => {
    const id = uniqueId('scaled');
    await postJson(api(h.url, `orchestrators/approvalRace/${id}`), { timeoutMinutes: 30 });
    const status = await waitForInstance(h.url, id, { timeoutMs: 20_000 });
    expect(status.runtimeStatus).toBe('Completed');
    const output = status.output as { outcome: string; at: string };
    expect(output.outcome).toBe('timedOut');
    expect(Date.parse(output.at) - Date.parse(status.createdTime)).toBeGreaterThanOrEqual(30 * 60_000);
  });
});
