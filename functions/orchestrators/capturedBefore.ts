/** A VM captured before: its version is the answer, finished first when an interrupted run left it unpromoted. */
import type * as df from 'durable-functions';
import type { BuildOutput, CaptureInput, ImageVersionView } from '../contracts';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { planRetry } from '../durable/retryOptions';
import { captureFinished } from '../../shared/domain/notifications/eventBuilders';
import { imageOf } from '../../shared/domain/notifications/notificationDraft';
import { publishOutcome } from '../../shared/domain/publishOutcome';
import { quoted } from '../../shared/domain/quoted';
import { BUILD_TAG } from '../../shared/domain/tags';
import type { CapturedVersionDisposition } from '../../shared/domain/versionRecovery';
import { deleteVmAndWait } from './buildVmSteps';
import type { CaptureRun } from './captureRun';
import { notify } from './notify/notify';
import { followVersion } from './publishVersion';

/**
 * After a resumed version is promoted: the source VM goes only when it still asks for it (its tag, re-read now) and
 * still passes the capture checks; a VM that is gone is fine.
 */
function* deleteSourceVmIfTagged(ctx: df.OrchestrationContext, input: CaptureInput, progress: CaptureRun['progress']): Generator<df.Task, void, unknown> {
  const vm = yield* callActivity(ctx, contracts.readVm, { vmId: input.vmId });
  if (!vm.exists) return;
  const decision = yield* callActivity(
    ctx,
    contracts.planCapture,
    { vmId: input.vmId, vm: vm.vm, definition: { osType: input.image.definition.osType, osState: input.image.definition.osState }, image: input.image.name, captureScopes: input.captureScopes },
    planRetry(),
  );
  if (!decision.accept || !decision.deleteAfterCapture) return;
  progress('cleanup', 'deleting the source VM as its tag asks', 98);
  yield* deleteVmAndWait(ctx, input.vmId, input.polling);
}

/**
 * The answer for a VM captured before: the version as it is (complete, or deprecated since and never promoted again),
 * or, when an earlier run created it and was interrupted before promoting it, what that run would have done.
 */
export function* answerCapturedBefore(
  run: CaptureRun,
  existing: ImageVersionView,
  disposition: CapturedVersionDisposition,
): Generator<df.Task, BuildOutput, unknown> {
  const { ctx, input, progress } = run;
  const already = { image: input.image.name, version: existing.name, trigger: input.trigger, buildId: existing.tags[BUILD_TAG] ?? run.buildId, alreadyCaptured: true };
  if (disposition === 'deprecated') {
    progress('done', `already captured as ${existing.name}, deprecated since (end of life ${existing.endOfLifeDate ?? '?'}): not promoted again`, 100);
    return { ...already, regions: existing.targetRegions.map((r) => r.name), promoted: false, durationSeconds: run.elapsed(), failedRegions: [], status: 'Succeeded', deprecated: true };
  }
  if (disposition === 'complete') {
    progress('done', `already captured as ${existing.name}`, 100);
    return { ...already, regions: existing.targetRegions.map((r) => r.name), promoted: !existing.excludeFromLatest, durationSeconds: run.elapsed(), failedRegions: [], status: 'Succeeded' };
  }

  progress('resume', `resuming ${existing.name}, captured earlier but never promoted`, 60);
  const result = yield* followVersion(ctx, {
    ref: run.ref,
    version: existing.name,
    targetRegions: existing.targetRegions,
    polling: input.polling,
    maxReplicationRetries: input.maxReplicationRetries,
    progress,
    justWritten: false,
  });
  if (result.promoted) yield* deleteSourceVmIfTagged(ctx, input, progress);
  run.log.info(`capture of ${quoted(input.vmId)} resumed ${quoted(existing.name)} (promoted: ${result.promoted})`);
  progress('done', result.promoted ? `resumed and promoted ${existing.name}` : `resumed ${existing.name}, unpromoted`, 100);
  const output: BuildOutput = { ...already, regions: result.regions, promoted: result.promoted, durationSeconds: run.elapsed(), failedRegions: result.failedRegions, status: publishOutcome(result), resumed: true };
  yield* notify(ctx, captureFinished({ ...imageOf(run.ref), instanceId: ctx.df.instanceId, vmId: input.vmId, output }));
  return output;
}
