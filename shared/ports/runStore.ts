import type { StepTails } from '../domain/outputTail';
import type { RunKind, RunRecord, RunStatus, RunUpdate } from '../domain/runs/runRecord';

export interface RunFilter {
  image?: string;
  kind?: RunKind;
  /** Any of these stored statuses. */
  statuses?: RunStatus[];
  parentRunId?: string;
}

export interface RunPage {
  /** Newest first. */
  runs: RunRecord[];
  /** Opaque; pass back as `after` for the next page. Absent on the last page. */
  next?: string;
}

export type LockOutcome = { acquired: true } | { acquired: false; holder: string };

/**
 * The run history and the singleton locks (docs/operations.md#run-history): the Functions storage account's Table
 * service in Azure, Azurite offline. Every write is idempotent, because activities run at least once.
 */
export interface RunStore {
  /** Inserts the record; one that exists already (a retried call) is left as it is. */
  create(run: RunRecord): Promise<void>;
  get(runId: string): Promise<RunRecord | null>;
  /** Merges `update` into the record; NOT_FOUND for an unknown run. */
  update(runId: string, update: RunUpdate): Promise<void>;
  /** Newest first; `after` is a `next` from an earlier page. BAD_REQUEST for an `after` this store never gave. */
  list(filter: RunFilter, top: number, after?: string): Promise<RunPage>;
  /**
   * Makes `runId` the holder of `key`, atomically: at once when nobody holds it (or `runId` does already), or in place
   * of a holder `mayReplace` says is gone; else answers who holds it.
   */
  acquireLock(key: string, runId: string, mayReplace: (holder: string) => Promise<boolean>): Promise<LockOutcome>;
  readLock(key: string): Promise<string | null>;
  /** Keeps a build's customization log (each step's output tails) beside its record; replaces an earlier one. */
  saveLog(runId: string, steps: StepTails[]): Promise<void>;
  /** The log saveLog kept, or null. */
  readLog(runId: string): Promise<StepTails[] | null>;
  /** Frees `key` if `runId` still holds it (a later holder is left alone). */
  releaseLock(key: string, runId: string): Promise<void>;
  /** Deletes up to `max` finished runs created before `cutoff` (and their logs), oldest first; returns their IDs. */
  purgeFinishedBefore(cutoff: Date, max: number): Promise<string[]>;
}

/** Where the run store's table lives: a connection string (Azurite, or a key-based account) or an identity endpoint. */
export type RunStoreLocation = { kind: 'connectionString'; connectionString: string } | { kind: 'identity'; endpoint: string };
