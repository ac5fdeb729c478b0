import type { RecordRunEndInput } from '../contracts';
import type { RunStore } from '../../shared/ports/runStore';

/** Writes how a run ended (and a build's customization log) and frees its lock; every write is idempotent. */
export function createRecordRunEndActivity(ports: { runs: RunStore }) {
  return async (input: RecordRunEndInput): Promise<null> => {
    await ports.runs.update(input.runId, input.update);
    if (input.customization !== undefined && input.customization.length > 0) await ports.runs.saveLog(input.runId, input.customization);
    if (input.lockKey !== undefined) await ports.runs.releaseLock(input.lockKey, input.runId);
    return null;
  };
}
