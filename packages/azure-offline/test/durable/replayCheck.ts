import { expect } from 'vitest';
import type { DurableHarness } from '../../emulator/fixtures/durable-app/fixtureHost';
import { EventType, type HistoryEvent } from '../../emulator/host/durable/historyEvent';
import { defaultTimerLimits } from '../../emulator/host/durable/longTimer';
import { orchestrationBinding } from '../../emulator/host/durable/orchestrationBinding';
import { atomicActions, takesSequenceId, toOrchestratorState, type OrchestratorStateWire } from '../../emulator/host/durable/orchestratorAction';

/** Replays a recorded history through the app's orchestrator function, via the host's invoker, as an episode would. */
export async function replay(h: DurableHarness, instanceId: string): Promise<OrchestratorStateWire> {
  const record = h.backend.engine.store.get(instanceId);
  if (!record) throw new Error(`no record for ${instanceId}`);
  const binding = orchestrationBinding(record, structuredClone(record.history), defaultTimerLimits);
  return toOrchestratorState(await h.host.invoker.invoke(record.name, { string: JSON.stringify(binding) }), record.name);
}

/** The scheduling event the host recorded for each sequence id. */
function scheduledById(history: HistoryEvent[]): Map<number, HistoryEvent> {
  const scheduling = new Set<number>([EventType.TaskScheduled, EventType.TimerCreated, EventType.SubOrchestrationInstanceCreated]);
  return new Map(history.filter((e) => scheduling.has(e.EventType)).map((e) => [e.EventId, e]));
}

/**
 * Replays a finished instance twice and checks that the SDK makes the same decisions each time, reaches the recorded
 * output, and that every action it produces is the one the host scheduled under the same sequence id.
 */
export async function expectDeterministicReplay(h: DurableHarness, instanceId: string, output: unknown): Promise<void> {
  const first = await replay(h, instanceId);
  const second = await replay(h, instanceId);
  expect(second).toEqual(first);
  expect(first.isDone).toBe(true);
  expect(first.output).toEqual(output);
  const record = h.backend.engine.store.get(instanceId);
  const scheduled = scheduledById(record?.history ?? []);
  const actions = atomicActions(first);
  expect(actions.length).toBe(record?.actionIds.length);
  actions.forEach((action, ordinal) => {
    const seq = record?.actionIds[ordinal];
    if (!takesSequenceId(action)) {
      expect(seq).toBeNull();
      return;
    }
    const event = scheduled.get(seq ?? -1);
    expect(event, `action ${ordinal} (${action.functionName ?? 'timer'}) has no scheduling event with id ${seq}`).toBeDefined();
    if (action.functionName !== undefined) expect(event?.Name).toBe(action.functionName);
    else expect(event?.EventType).toBe(EventType.TimerCreated);
  });
}
