import type * as df from 'durable-functions';
import { mayStillBeStarting } from '../../../shared/domain/runs/lockKeys';
import { runIdTime } from '../../../shared/domain/runs/runIds';
import { endOfOutput, runErrorOf, statusFromDurable } from '../../../shared/domain/runs/runOutcome';
import { isFinishedRunStatus, type RunError, type RunRecord } from '../../../shared/domain/runs/runRecord';
import { CANCELLED_CODE } from '../../durable/cancellation';
import type { RunStore } from '../../../shared/ports/runStore';
import { tryGetStatus } from '../http/startedResponse';

export type RunReadClient = Pick<df.DurableClient, 'getStatus' | 'createHttpManagementPayload'>;

function isoOf(value: unknown): string {
  const at = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(at.getTime()) ? new Date().toISOString() : at.toISOString();
}

/**
 * A terminated instance's output is the terminate reason, with no code of ours: the run is Cancelled, so it carries
 * `CANCELLED` like every cancelled run, the reason kept in the message.
 */
function endedError(derived: 'Failed' | 'Cancelled', status: df.DurableOrchestrationStatus): RunError {
  const message = String(status.output ?? 'the orchestration ended without an output');
  const error = runErrorOf(message, undefined);
  if (derived === 'Failed' || error.code === CANCELLED_CODE) return error;
  return runErrorOf(`${CANCELLED_CODE}: terminated through the Durable API (${String(status.runtimeStatus)}): ${message}`, undefined);
}

/**
 * A record as it stands now: a run the store still calls Pending or Running is read from Durable, and one that ended
 * without recording its end (terminated through the raw Durable API, or the store was down then) is settled in the
 * store, once. Finished records are the truth and cost no Durable read.
 */
export async function settleRun(
  runs: RunStore,
  client: Pick<df.DurableClient, 'getStatus'>,
  record: RunRecord,
  known?: df.DurableOrchestrationStatus,
  now: Date = new Date(),
): Promise<RunRecord> {
  if (isFinishedRunStatus(record.status)) return record;
  const status = known ?? (await tryGetStatus(client, record.runId));
  if (status === undefined) {
    // Recorded, but Durable never got the start (the starter died in between): once no start can still be on its way, it never ran.
    if (mayStillBeStarting(runIdTime(record.runId), now)) return record;
    const update = { status: 'Failed' as const, endedAt: now.toISOString(), error: { code: 'NEVER_STARTED', message: 'NEVER_STARTED: the run was recorded but its orchestration was never started' } };
    await runs.update(record.runId, update);
    return { ...record, ...update };
  }
  const derived = statusFromDurable(String(status.runtimeStatus), status.output);
  if (derived === null || derived === record.status) return record;
  if (!isFinishedRunStatus(derived)) return { ...record, status: derived };
  // What the run's own end record would have held: its output's version and image, or the error it ended with.
  const ended = derived === 'Failed' || derived === 'Cancelled' ? { status: derived, error: endedError(derived, status) } : endOfOutput(status.output);
  const update = { ...ended, endedAt: isoOf(status.lastUpdatedTime) };
  await runs.update(record.runId, update);
  return { ...record, ...update };
}

/** A run as the API shows it (docs/http-api.md#list-runs): the record plus its Durable status URL. */
export function runJson(record: RunRecord, client: Pick<df.DurableClient, 'createHttpManagementPayload'>) {
  return { ...record, statusUrl: client.createHttpManagementPayload(record.runId).statusQueryGetUri };
}
