import type { HistoryEvent } from './historyEvent';
import type { WireRetryOptions } from './orchestratorAction';

export type RuntimeStatus = 'Pending' | 'Running' | 'Suspended' | 'Completed' | 'ContinuedAsNew' | 'Failed' | 'Terminated';

export const terminalStatuses: ReadonlySet<RuntimeStatus> = new Set(['Completed', 'Failed', 'Terminated']);

export function isTerminal(status: RuntimeStatus): boolean {
  return terminalStatuses.has(status);
}

/** A task-with-retry: every attempt and retry timer points back at it by the id of its first attempt. */
export interface RetryGroup {
  options: WireRetryOptions;
  failures: number;
  target: CallTarget;
}

export interface CallTarget {
  kind: 'activity' | 'subOrchestration';
  name: string;
  /** JSON text, undefined when the orchestrator passed no input. */
  input?: string;
  /** Sub-orchestrations only: the instance ID the orchestrator asked for (or the host derived). */
  instanceId?: string;
}

/** What the host still owes the orchestrator, keyed by the SDK's sequence id. */
export type OpenTask =
  | { kind: 'call'; target: CallTarget; retryGroup?: number }
  /** rootId: the id of the timer's action; chunks of a long timer share it, so canceling the action cancels them. */
  | { kind: 'timer'; fireAt: string; rootId: number; longTimerFinalFireAt?: string }
  | { kind: 'retryTimer'; fireAt: string; retryGroup: number };

export interface ParentLink {
  instanceId: string;
  executionId: string;
  taskId: number;
}

/** Everything the backend knows about one instance; persisted as one JSON document per instance. */
export interface InstanceRecord {
  instanceId: string;
  name: string;
  runtimeStatus: RuntimeStatus;
  createdTime: string;
  lastUpdatedTime: string;
  executionId: string;
  /** JSON texts (the extension stores serialized payloads); undefined means absent → null in status payloads. */
  input?: string;
  output?: string;
  customStatus?: string;
  parent?: ParentLink;
  history: HistoryEvent[];
  /** Sequence id (or null for event waits) of each atomic action seen so far, in the SDK's cumulative order. */
  actionIds: (number | null)[];
  nextSequence: number;
  openTasks: Record<string, OpenTask>;
  retryGroups: Record<string, RetryGroup>;
  /** Events not yet delivered; each is replayed in an episode of its own. */
  inbox: HistoryEvent[];
}
