import type { ClaimRunInput, ClaimRunOutput } from '../contracts';
import { mayStillBeStarting } from '../../shared/domain/runs/lockKeys';
import { runIdTime } from '../../shared/domain/runs/runIds';
import { isFinishedRunStatus } from '../../shared/domain/runs/runRecord';
import type { RunStore } from '../../shared/ports/runStore';

/**
 * Takes a run's lock and records it, for runs an orchestration starts itself. An activity has no Durable client, so a
 * holder counts as gone only when its own record says it finished (runs record their end; a route that finds an
 * instance ended without recording settles its record). Idempotent: a retry finds itself the holder.
 */
export function createClaimRunActivity(ports: { runs: RunStore }) {
  return async (input: ClaimRunInput): Promise<ClaimRunOutput> => {
    const claimed = await ports.runs.acquireLock(input.lockKey, input.run.runId, async (holder) => {
      const record = await ports.runs.get(holder);
      if (record === null) return !mayStillBeStarting(runIdTime(holder), new Date());
      return isFinishedRunStatus(record.status);
    });
    if (!claimed.acquired) return { claimed: false, holder: claimed.holder };
    await ports.runs.create(input.run);
    return { claimed: true };
  };
}
