import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventType, type HistoryEvent } from '../../emulator/host/durable/historyEvent';
import { defaultTimerLimits } from '../../emulator/host/durable/longTimer';
import { orchestrationBinding } from '../../emulator/host/durable/orchestrationBinding';
import { atomicActions, takesSequenceId, toOrchestratorState, type OrchestratorStateWire } from '../../emulator/host/durable/orchestratorAction';
import { api, postJson, runUntilDone, startDurableHost, uniqueId, type DurableHarness } from './durableHarness';

let h: DurableHarness;
beforeAll(async () => {
  h = await startDurableHost();
});
afterAll(async () => {
  await h.stop();
});

/** Replays a recorded history through the app's orchestrator function, via the host's invoker, as an episode would. */
async function replay(instanceId: string): Promise<OrchestratorStateWire> {
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

const scenarios: Array<[string, string, unknown, number]> = [
  ['fan-out', 'fanOut', { count: 12 }, 1],
  ['retries with backoff', 'retryFlaky', { key: 'determinism-flaky', failures: 2, attempts: 3 }, 60],
  ['a timer racing an event', 'approvalRace', { timeoutMinutes: 5 }, 60],
  ['a long timer', 'longSleep', { days: 10 }, 6 * 3600],
  ['a sub-orchestration', 'parentOfLoop', { until: 2 }, 60],
];

describe('determinism: replaying a finished history yields the same decisions', () => {
  it.each(scenarios)('%s (%s)', async (_label, name, input, stepSeconds) => {
    const id = uniqueId(`det-${name}`);
    await postJson(api(h.url, `orchestrators/${name}/${id}`), input);
    const status = await runUntilDone(h, id, stepSeconds);
    expect(status.runtimeStatus).toBe('Completed');

    const first = await replay(id);
    const second = await replay(id);
    expect(second).toEqual(first);
    expect(first.isDone).toBe(true);
    expect(first.output).toEqual(status.output);

    // Every action the replay produces is the one the host scheduled under the same sequence id.
    const record = h.backend.engine.store.get(id);
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
  });
});

describe('isReplaying', () => {
  it('is false only the first time user code reaches a point, so replay-safe logs appear once each', async () => {
    const id = uniqueId('logs');
    await postJson(api(h.url, `orchestrators/loggingSequence/${id}`), { count: 4 });
    const status = await runUntilDone(h, id, 1);
    expect(status.output).toBe(4);
    const lines = h.host
      .invocations('loggingSequence')
      .flatMap((r) => r.logs)
      .filter((line) => line.endsWith(id));
    expect(lines).toEqual([`step 0 of ${id}`, `step 1 of ${id}`, `step 2 of ${id}`, `step 3 of ${id}`, `done ${id}`]);
  });
});
