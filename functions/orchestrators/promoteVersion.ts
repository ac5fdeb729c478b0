import type * as df from 'durable-functions';
import type { PromoteInput, PromoteOutput } from '../contracts';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { setProgress } from '../durable/progress';
import { publishOutcome } from '../../shared/domain/publishOutcome';
import { followVersion } from './publishVersion';

/**
 * A promote run: an existing version that stayed excluded from latest (regions failed, or a run was interrupted)
 * is followed exactly as a build follows its own: its failed regions are re-replicated a bounded number of times, and
 * once every target region is Completed it is promoted (Version.Promoted). Regions that still fail leave it
 * unpromoted: output `status: 'Degraded'`. The version's own target regions are kept (the catalog's are the
 * scheduled run's reconciliation to apply, not a promote's).
 */
export function* promoteVersionOrchestrator(ctx: df.OrchestrationContext, input: PromoteInput): Generator<df.Task, PromoteOutput, unknown> {
  const { ref, version } = input;
  const progress = (step: string, detail: string, percent: number) => setProgress(ctx, { step, detail, percent });
  progress('read', `reading ${ref.imageName} ${version}`, 5);
  const view = yield* callActivity(ctx, contracts.readImageVersion, { ref, version });
  const regionNames = view.targetRegions.map((r) => r.name);
  if (!view.excludeFromLatest) {
    // Promoted since the route looked (another promote or a capture resuming it): nothing left to do.
    progress('done', `${version} is already promoted`, 100);
    return { image: ref.imageName, version, regions: regionNames, failedRegions: [], promoted: true, status: 'Succeeded' };
  }
  const followed = yield* followVersion(ctx, {
    ref,
    version,
    targetRegions: view.targetRegions,
    polling: input.polling,
    maxReplicationRetries: input.maxReplicationRetries,
    progress,
    justWritten: false,
  });
  const output: PromoteOutput = { image: ref.imageName, version, ...followed, status: publishOutcome(followed) };
  const unpromoted = `not promoted: replication failed in ${followed.failedRegions.join(', ')}`;
  progress('done', followed.promoted ? `promoted ${version}` : `${version} ${unpromoted}`, 100);
  return output;
}
