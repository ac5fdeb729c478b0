import type { InvocationContext, Timer } from '@azure/functions';
import type * as df from 'durable-functions';
import { quoted } from '../../shared/domain/quoted';
import type { RunStore } from '../../shared/ports/runStore';

/** Daily, after the night's scheduled work (docs/operations.md#run-history). */
export const PURGE_SCHEDULE = '0 45 4 * * *';
/** Per tick: a backlog (a first run after lowering RUN_HISTORY_DAYS) is worked off over a few days, never in one burst. */
export const MAX_PURGED_PER_RUN = 5000;
const DAY_MS = 86_400_000;

export interface PurgeResult {
  purged: number;
  cutoff: string;
}

/**
 * `purgeRunHistory` (timer): deletes the records of runs that finished before `RUN_HISTORY_DAYS` ago, and their
 * Durable history. Running runs are never purged, however old.
 */
export function createPurgeRunHistoryHandler(app: { ports: { runs: RunStore }; config: { runStore: { historyDays: number } } }, now: () => Date = () => new Date()) {
  return async (_timer: Timer, client: Pick<df.DurableClient, 'purgeInstanceHistory'>, context: InvocationContext): Promise<PurgeResult> => {
    const cutoff = new Date(now().getTime() - app.config.runStore.historyDays * DAY_MS);
    const purged = await app.ports.runs.purgeFinishedBefore(cutoff, MAX_PURGED_PER_RUN);
    let historyErrors = 0;
    for (const runId of purged) {
      try {
        await client.purgeInstanceHistory(runId);
      } catch (error) {
        // The record is gone already; an instance Durable no longer has is what purging wanted.
        if (!(error instanceof Error && /\b404\b/.test(error.message))) {
          historyErrors++;
          context.warn(`purgeRunHistory: ${runId}: Durable history not purged: ${quoted(error, 200)}`);
        }
      }
    }
    context.log(`purgeRunHistory: ${purged.length} runs before ${cutoff.toISOString()} purged${historyErrors > 0 ? `, ${historyErrors} histories left` : ''}`);
    return { purged: purged.length, cutoff: cutoff.toISOString() };
  };
}
