/**
 * A run: one build, capture, prune, promote, scheduled rebuild run, policy scan or sharing reconciliation, kept in the run store
 * (docs/operations.md#run-history) under a `runId` that is also its Durable instance ID and that no later run reuses.
 */
export const RUN_KINDS = ['build', 'capture', 'prune', 'promote', 'rebuild-run', 'policy-scan', 'import', 'share'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export const RUN_STATUSES = ['Pending', 'Running', 'Completed', 'Degraded', 'Failed', 'Cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_TRIGGERS = ['http', 'schedule', 'event'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

const FINISHED: ReadonlySet<RunStatus> = new Set(['Completed', 'Degraded', 'Failed', 'Cancelled']);

export function isFinishedRunStatus(status: RunStatus): boolean {
  return FINISHED.has(status);
}

export function isRunKind(value: string): value is RunKind {
  return (RUN_KINDS as readonly string[]).includes(value);
}

export function isRunStatus(value: string): value is RunStatus {
  return (RUN_STATUSES as readonly string[]).includes(value);
}

export interface RunError {
  /** The leading code of the error (`STEP_FAILED`, `CANCELLED`, `TIMEOUT`, …). */
  code: string;
  message: string;
  /** The step the run was in when it failed. */
  step?: string;
}

/** Who asked for the run: the signed-in principal, or the name of the automation that started it. */
export interface RequestedBy {
  name: string;
  objectId?: string;
}

export interface RunRecord {
  runId: string;
  kind: RunKind;
  image?: string;
  trigger: RunTrigger;
  reason?: string;
  requestedBy?: RequestedBy;
  status: RunStatus;
  /** ISO 8601, on the app's clock. */
  createdAt: string;
  endedAt?: string;
  version?: string;
  error?: RunError;
  /** The scheduled rebuild run that started this build. */
  parentRunId?: string;
  /** What the run is about besides its image: a capture's VM ID, a promote's version. */
  subject?: string;
  cancelRequestedAt?: string;
}

/** The fields a run's lifecycle changes after it was created. */
export type RunUpdate = Partial<Pick<RunRecord, 'status' | 'endedAt' | 'version' | 'error' | 'cancelRequestedAt' | 'image'>>;
