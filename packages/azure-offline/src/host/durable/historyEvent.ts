/**
 * History events exactly as the Durable extension hands them to the durable-functions replay engine
 * (docs/host-protocol.md §4): PascalCase fields, integer `EventType`, ISO `Timestamp` strings.
 */
export const EventType = {
  ExecutionStarted: 0,
  TaskScheduled: 4,
  TaskCompleted: 5,
  TaskFailed: 6,
  SubOrchestrationInstanceCreated: 7,
  SubOrchestrationInstanceCompleted: 8,
  SubOrchestrationInstanceFailed: 9,
  TimerCreated: 10,
  TimerFired: 11,
  OrchestratorStarted: 12,
  OrchestratorCompleted: 13,
  EventRaised: 15,
} as const;

export type EventTypeValue = (typeof EventType)[keyof typeof EventType];

export interface FailureDetails {
  ErrorType: string;
  ErrorMessage: string;
  StackTrace?: string;
  IsNonRetriable?: boolean;
  Properties?: Record<string, unknown>;
}

export interface HistoryEvent {
  EventType: EventTypeValue;
  EventId: number;
  IsPlayed: boolean;
  Timestamp: string;
  Name?: string;
  Input?: string;
  Result?: string;
  Reason?: string;
  Details?: string;
  FailureDetails?: FailureDetails;
  TaskScheduledId?: number;
  TimerId?: number;
  FireAt?: string;
  InstanceId?: string;
}

/** A failure as both encodings the SDK understands; it prefers FailureDetails, older extensions send Reason/Details. */
export interface TaskFailure {
  reason: string;
  details: string;
  failureDetails: FailureDetails;
}

export function historyEvent(type: EventTypeValue, timestamp: Date, fields: Partial<HistoryEvent> = {}): HistoryEvent {
  // EventId -1 is what the extension uses for events that are not the scheduling side of a task.
  return { EventType: type, EventId: -1, IsPlayed: false, Timestamp: timestamp.toISOString(), ...fields };
}

export function failureFields(failure: TaskFailure): Partial<HistoryEvent> {
  return { Reason: failure.reason, Details: failure.details, FailureDetails: failure.failureDetails };
}
