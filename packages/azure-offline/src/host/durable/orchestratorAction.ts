/**
 * The actions a durable-functions orchestrator returns (docs/host-protocol.md §5), as they arrive after the
 * `$return` typed data was parsed: plain JSON, dates as ISO strings. Schema V2+ nests compound actions.
 */
export const ActionType = {
  CallActivity: 0,
  CallActivityWithRetry: 1,
  CallSubOrchestrator: 2,
  CallSubOrchestratorWithRetry: 3,
  ContinueAsNew: 4,
  CreateTimer: 5,
  WaitForExternalEvent: 6,
  CallEntity: 7,
  CallHttp: 8,
  SignalEntity: 9,
  WhenAny: 11,
  WhenAll: 12,
  LockEntities: 13,
  ReleaseEntities: 14,
} as const;

export interface WireRetryOptions {
  firstRetryIntervalInMilliseconds: number;
  maxNumberOfAttempts: number;
  backoffCoefficient?: number;
  maxRetryIntervalInMilliseconds?: number;
  retryTimeoutInMilliseconds?: number;
}

export interface WireAction {
  actionType: number;
  functionName?: string;
  input?: unknown;
  instanceId?: string;
  retryOptions?: WireRetryOptions;
  fireAt?: string;
  isCanceled?: boolean;
  externalEventName?: string;
  compoundActions?: WireAction[];
}

export interface OrchestratorStateWire {
  isDone: boolean;
  actions: WireAction[][];
  output?: unknown;
  customStatus?: unknown;
  error?: string;
  schemaVersion?: number;
}

/**
 * Atomic actions in the order the SDK hands out sequence numbers: depth-first through WhenAll/WhenAny, because the
 * SDK's `trackOpenTask` recurses into compound children in order (docs/host-protocol.md §6).
 */
export function atomicActions(state: OrchestratorStateWire): WireAction[] {
  const out: WireAction[] = [];
  const visit = (action: WireAction) => {
    if (action.actionType === ActionType.WhenAll || action.actionType === ActionType.WhenAny) {
      for (const child of action.compoundActions ?? []) visit(child);
    } else {
      out.push(action);
    }
  };
  for (const group of state.actions) for (const action of group) visit(action);
  return out;
}

/** WaitForExternalEvent is matched by name; ContinueAsNew and entity signals are not tasks. Everything else takes an id. */
export function takesSequenceId(action: WireAction): boolean {
  return (
    action.actionType === ActionType.CallActivity ||
    action.actionType === ActionType.CallActivityWithRetry ||
    action.actionType === ActionType.CallSubOrchestrator ||
    action.actionType === ActionType.CallSubOrchestratorWithRetry ||
    action.actionType === ActionType.CreateTimer ||
    action.actionType === ActionType.CallHttp ||
    action.actionType === ActionType.CallEntity
  );
}

const unsupported: Record<number, string> = {
  [ActionType.CallEntity]: 'Durable entities (callEntity)',
  [ActionType.SignalEntity]: 'Durable entities (signalEntity)',
  [ActionType.LockEntities]: 'Durable entities (lock)',
  [ActionType.ReleaseEntities]: 'Durable entities (lock release)',
  [ActionType.CallHttp]: 'Durable HTTP calls (callHttp)',
};

/** Names the feature when the local host cannot run an action, so the orchestration fails with a clear message. */
export function unsupportedFeature(action: WireAction): string | undefined {
  return unsupported[action.actionType];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Narrows an orchestrator's `$return` to its state; anything else is a protocol error worth a clear message. */
export function toOrchestratorState(value: unknown, functionName: string): OrchestratorStateWire {
  if (!isRecord(value) || typeof value.isDone !== 'boolean' || !Array.isArray(value.actions)) {
    throw new Error(
      `function '${functionName}' did not return an orchestrator state (is it registered with df.app.orchestration?): got ${JSON.stringify(value)?.slice(0, 200)}`,
    );
  }
  return value as unknown as OrchestratorStateWire;
}
