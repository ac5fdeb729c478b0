import type { HistoryEvent } from './historyEvent';
import type { InstanceRecord } from './instanceRecord';
import { toTimeSpan, type TimerLimits } from './longTimer';

/** Replay schema V4 (value 3): nested compound actions and long timers, the newest the SDK understands. */
export const upperSchemaVersion = 3;

/**
 * The orchestration trigger's value as the extension builds it (docs/host-protocol.md §3). `upperSchemaVersion`
 * stays at V3 for SDKs that only read the old field; `upperSchemaVersionNew` wins when set.
 */
export function orchestrationBinding(record: Pick<InstanceRecord, 'instanceId' | 'input' | 'parent'>, history: HistoryEvent[], limits: TimerLimits): Record<string, unknown> {
  return {
    history,
    input: record.input === undefined ? undefined : (JSON.parse(record.input) as unknown),
    instanceId: record.instanceId,
    isReplaying: false,
    parentInstanceId: record.parent?.instanceId,
    upperSchemaVersion: 2,
    upperSchemaVersionNew: upperSchemaVersion,
    longRunningTimerIntervalDuration: toTimeSpan(limits.longRunningTimerIntervalMs),
    maximumShortTimerDuration: toTimeSpan(limits.maximumShortTimerMs),
    defaultHttpAsyncRequestSleepTimeMillseconds: 30000,
  };
}
