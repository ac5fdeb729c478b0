import { expect } from 'vitest';
import type { DurableHarness } from '../fixtures/durable-app/fixtureHost';
import { replayInstance, scheduleMismatches } from '../../src/host/durable/replay';

/**
 * Replays a finished instance twice and checks that the SDK makes the same decisions each time, reaches the recorded
 * output, and that every action it produces is the one the host scheduled under the same sequence id.
 */
export async function expectDeterministicReplay(h: DurableHarness, instanceId: string, output: unknown): Promise<void> {
  const target = { backend: h.backend, invoker: h.host.invoker };
  const first = await replayInstance(target, instanceId);
  const second = await replayInstance(target, instanceId);
  expect(second).toEqual(first);
  expect(first.isDone).toBe(true);
  expect(first.output).toEqual(output);
  expect(scheduleMismatches(h.backend, instanceId, first)).toEqual([]);
}
