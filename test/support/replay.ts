import { expect } from 'vitest';
import { replayInstance, scheduleMismatches, type LocalDurableBackend, type LocalHost } from '@image-autopilot/azure-offline';

/**
 * Replays a finished instance of the app twice and checks that its orchestrator makes the same decisions each time,
 * reaches the recorded output, and that every action is the one the host scheduled under the same sequence id.
 */
export async function expectDeterministicReplay(stack: { backend: LocalDurableBackend; host: LocalHost }, instanceId: string, output: unknown): Promise<void> {
  const target = { backend: stack.backend, invoker: stack.host.invoker };
  const first = await replayInstance(target, instanceId);
  const second = await replayInstance(target, instanceId);
  expect(second).toEqual(first);
  expect(first.isDone).toBe(true);
  expect(first.output).toEqual(output);
  expect(scheduleMismatches(stack.backend, instanceId, first)).toEqual([]);
}

/** The same checks for an instance that failed: each replay fails again with the recorded error and the same actions. */
export async function expectDeterministicFailedReplay(stack: { backend: LocalDurableBackend; host: LocalHost }, instanceId: string, error: string): Promise<void> {
  const target = { backend: stack.backend, invoker: stack.host.invoker };
  const first = await replayInstance(target, instanceId);
  const second = await replayInstance(target, instanceId);
  expect(second).toEqual(first);
  expect(first.isDone).toBe(false);
  expect(first.error).toBe(error);
  expect(scheduleMismatches(stack.backend, instanceId, first)).toEqual([]);
}
