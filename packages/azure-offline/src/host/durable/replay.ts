/**
 * Determinism checks on instances this backend ran: the recorded history goes back through the app's orchestrator
 * function exactly as the next episode would send it, and what the SDK decides is compared with what the backend
 * scheduled. An orchestrator that reads the clock or randomness, or branches on anything outside its history,
 * replays to different actions or sequence ids; Azure would then fail the instance with a non-determinism error.
 */
import type { FunctionInvoker } from '../ports';
import type { LocalDurableBackend } from './createDurableBackend';
import { EventType, type HistoryEvent } from './historyEvent';
import type { InstanceRecord } from './instanceRecord';
import { defaultTimerLimits } from './longTimer';
import { orchestrationBinding } from './orchestrationBinding';
import { parseOrchestratorFailure } from './taskFailure';
import { atomicActions, takesSequenceId, toOrchestratorState, type OrchestratorStateWire } from './orchestratorAction';

export interface ReplayTarget {
  backend: LocalDurableBackend;
  /** The invoker of the host the app is loaded in (`LocalHost.invoker`). */
  invoker: FunctionInvoker;
}

function recordOf(backend: LocalDurableBackend, instanceId: string): InstanceRecord {
  const record = backend.engine.store.get(instanceId);
  if (record === undefined) throw new Error(`no durable instance '${instanceId}' in this backend`);
  return record;
}

/**
 * Replays the instance's whole recorded history once; nothing is stored, so it can be repeated and compared. A
 * failed orchestration replays to the state the SDK appends to its error (its actions, customStatus and `error`).
 */
export async function replayInstance(target: ReplayTarget, instanceId: string): Promise<OrchestratorStateWire> {
  const record = recordOf(target.backend, instanceId);
  const binding = orchestrationBinding(record, structuredClone(record.history), defaultTimerLimits);
  let result: unknown;
  try {
    result = await target.invoker.invoke(record.name, { string: JSON.stringify(binding) });
  } catch (error) {
    const failed = parseOrchestratorFailure(error);
    if (failed.state === undefined) throw error;
    result = failed.state;
  }
  return toOrchestratorState(result, record.name);
}

/** The scheduling event recorded for each sequence id. */
function scheduledById(history: HistoryEvent[]): Map<number, HistoryEvent> {
  const scheduling = new Set<number>([EventType.TaskScheduled, EventType.TimerCreated, EventType.SubOrchestrationInstanceCreated]);
  return new Map(history.filter((e) => scheduling.has(e.EventType)).map((e) => [e.EventId, e]));
}

/**
 * Where a replay's actions disagree with what the backend recorded for the instance, one line per disagreement
 * (empty when every action is the one scheduled under the same sequence id, in the same order).
 */
export function scheduleMismatches(backend: LocalDurableBackend, instanceId: string, replayed: OrchestratorStateWire): string[] {
  const record = recordOf(backend, instanceId);
  const scheduled = scheduledById(record.history);
  const actions = atomicActions(replayed);
  const problems: string[] = [];
  if (actions.length !== record.actionIds.length) problems.push(`replay produced ${actions.length} actions, the backend recorded ${record.actionIds.length}`);
  actions.forEach((action, ordinal) => {
    const seq = record.actionIds[ordinal];
    const label = `action ${ordinal} (${action.functionName ?? 'timer or event'})`;
    if (!takesSequenceId(action)) {
      if (seq !== null && seq !== undefined) problems.push(`${label} takes no sequence id, the backend recorded ${seq}`);
      return;
    }
    const event = scheduled.get(seq ?? -1);
    if (event === undefined) problems.push(`${label} has no scheduling event with id ${seq}`);
    else if (action.functionName !== undefined && event.Name !== action.functionName) problems.push(`${label} was scheduled as '${event.Name}'`);
    else if (action.functionName === undefined && event.EventType !== EventType.TimerCreated) problems.push(`${label} was scheduled as event type ${event.EventType}, not a timer`);
  });
  return problems;
}
