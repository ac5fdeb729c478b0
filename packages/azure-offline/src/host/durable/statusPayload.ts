import type { HistoryEvent } from './historyEvent';
import type { InstanceRecord } from './instanceRecord';

export interface StatusOptions {
  showInput: boolean;
  showHistory: boolean;
  showHistoryOutput: boolean;
}

function parseOrNull(json: string | undefined): unknown {
  if (json === undefined) return null;
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return json;
  }
}

/**
 * The extension's status payload (docs/host-protocol.md §7). `input` and `output` are always present — null when
 * absent — because the JS client rejects a payload missing either.
 */
export function statusPayload(record: InstanceRecord, options: StatusOptions): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    name: record.name,
    instanceId: record.instanceId,
    runtimeStatus: record.runtimeStatus,
    input: options.showInput ? parseOrNull(record.input) : null,
    customStatus: parseOrNull(record.customStatus),
    output: parseOrNull(record.output),
    createdTime: record.createdTime,
    lastUpdatedTime: record.lastUpdatedTime,
  };
  if (options.showHistory) payload.historyEvents = record.history.filter((e) => !isReplayBookkeeping(e)).map((e) => toPublicHistoryEvent(e, options.showHistoryOutput));
  return payload;
}

const eventTypeNames: Record<number, string> = {
  0: 'ExecutionStarted',
  4: 'TaskScheduled',
  5: 'TaskCompleted',
  6: 'TaskFailed',
  7: 'SubOrchestrationInstanceCreated',
  8: 'SubOrchestrationInstanceCompleted',
  9: 'SubOrchestrationInstanceFailed',
  10: 'TimerCreated',
  11: 'TimerFired',
  12: 'OrchestratorStarted',
  13: 'OrchestratorCompleted',
  15: 'EventRaised',
};

/** `showHistory=true`: the replay bookkeeping (OrchestratorStarted/Completed) is left out, as the extension does. */
function toPublicHistoryEvent(event: HistoryEvent, showOutput: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { EventType: eventTypeNames[event.EventType] ?? String(event.EventType), Timestamp: event.Timestamp };
  if (event.EventId >= 0) out.EventId = event.EventId;
  if (event.Name !== undefined) out.Name = event.Name;
  if (event.TaskScheduledId !== undefined) out.ScheduledId = event.TaskScheduledId;
  if (event.TimerId !== undefined) out.TimerId = event.TimerId;
  if (event.FireAt !== undefined) out.FireAt = event.FireAt;
  if (event.InstanceId !== undefined) out.InstanceId = event.InstanceId;
  if (event.Reason !== undefined) out.Reason = event.Reason;
  if (showOutput && event.Result !== undefined) out.Result = parseOrNull(event.Result);
  return out;
}

export function isReplayBookkeeping(event: HistoryEvent): boolean {
  return event.EventType === 12 || event.EventType === 13;
}
