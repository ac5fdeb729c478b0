import type { RecordRunEndInput } from '../contracts';
import type { RunStore } from '../../shared/ports/runStore';

/** Writes how a run ended and frees its lock; both writes are idempotent, so a retried call changes nothing more. */
export function createRecordRunEndActivity(ports: { runs: RunStore }) {
  return async (input: RecordRunEndInput): Promise<null> => {
    await ports.runs.update(input.runId, input.update);
    if (input.lockKey !== undefined) await ports.runs.releaseLock(input.lockKey, input.runId);
    return null;
  };
}
