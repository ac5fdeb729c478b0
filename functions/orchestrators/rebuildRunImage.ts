import type * as df from 'durable-functions';
import type { RebuildRunImageInput, RebuildRunImageOutput } from '../contracts';
import * as contracts from '../contracts';
import { callActivity, callSubOrchestrator } from '../durable/callActivity';
import { lockKeys } from '../../shared/domain/runs/lockKeys';
import { newRunId } from '../../shared/domain/runs/runIds';
import { isCancellation } from '../durable/cancellation';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { quoted } from '../../shared/domain/quoted';
import { imagePaused } from '../../shared/domain/notifications/eventBuilders';
import { imageOf } from '../../shared/domain/notifications/notificationDraft';
import { pausedByThisFailure } from '../../shared/domain/pause';
import { notify } from './notify/notify';

/**
 * The Durable backend refuses a sub-orchestration whose instance ID is running: the local backend says "An
 * orchestration with instance ID '…' already exists and is Running", DTFx's OrchestrationAlreadyExistsException "An
 * Orchestration instance with the status Running already exists". The build lock is what keeps a second build of an
 * image from starting, and build run IDs are new each time; should the backend still refuse, that is reported as
 * already running, not as a failed build.
 * Narrow on purpose: a build failing on an ARM "already exists" conflict is a real failure.
 */
export function isAlreadyRunningError(message: string): boolean {
  return /orchestration (?:with instance id '[^']*'|instance with the status \w+) already exists/i.test(message);
}

/** This orchestration runs as `<rebuild run ID>:<n>` (docs/architecture.md#instance-ids). */
function parentRunIdOf(instanceId: string): string {
  return instanceId.split(':')[0] ?? instanceId;
}

/**
 * One image of a scheduled run: claim the image's build lock, then its build run as a sub-orchestration, then the failure count on the image
 * definition (+1 on failure, reset on success; a cancelled build changes nothing); the failure that reaches `pauseAfterFailures` publishes Image.Paused. Wrapping keeps buildImage unchanged and lets the run fan out with
 * Task.all: this orchestration never fails, it reports.
 */
export function* rebuildRunImageOrchestrator(ctx: df.OrchestrationContext, input: RebuildRunImageInput): Generator<df.Task, RebuildRunImageOutput, unknown> {
  const log = replaySafeLogger(ctx);
  const image = input.build.image.name;
  const ref = {
    subscriptionId: input.build.gallery.subscriptionId,
    resourceGroup: input.build.gallery.resourceGroup,
    galleryName: input.build.gallery.name,
    imageName: image,
  };
  // The build is a run of its own (docs/operations.md#run-history): a new ID, its record, and the image's build lock.
  const runId = newRunId('build', image, ctx.df.currentUtcDateTime, ctx.df.newGuid(`${ctx.df.instanceId}/build`));
  const instanceId = runId;
  const lockKey = lockKeys.build(image);
  const claim = yield* callActivity(ctx, contracts.claimRun, {
    lockKey,
    run: {
      runId,
      kind: 'build',
      image,
      trigger: 'schedule',
      status: 'Pending',
      createdAt: ctx.df.currentUtcDateTime.toISOString(),
      parentRunId: parentRunIdOf(ctx.df.instanceId),
      ...(input.build.reason === null ? {} : { reason: input.build.reason }),
    },
  });
  if (!claim.claimed) {
    log.info(`a build of ${image} is already running (${claim.holder}): not started again`);
    return { image, outcome: 'already-running', detail: `a build of ${image} is already running: run ${claim.holder}` };
  }
  let build: contracts.BuildOutput | null = null;
  let error = '';
  try {
    build = yield* callSubOrchestrator(ctx, contracts.buildImage, { ...input.build, runLock: lockKey }, instanceId);
  } catch (caught) {
    error = caught instanceof Error ? caught.message : String(caught);
  }
  if (build !== null) {
    try {
      yield* callActivity(ctx, contracts.recordBuildOutcome, { ref, succeeded: true, at: ctx.df.currentUtcDateTime.toISOString() });
    } catch (recordError) {
      // The version is published; a count left behind only delays the image until the next success clears it.
      log.warn(`${instanceId}: failure count not reset: ${quoted(recordError, 500)}`);
    }
    return { image, outcome: 'built', build, consecutiveFailures: 0 };
  }
  if (isAlreadyRunningError(error)) {
    log.info(`${instanceId} was already running: not started again`);
    return { image, outcome: 'already-running', detail: `${instanceId} is already running` };
  }
  if (isCancellation(error)) {
    // A cancel is someone's decision, not a sign the image is broken: auto-pause must not count it.
    log.info(`${instanceId} was cancelled: ${quoted(error, 300)}`);
    return { image, outcome: 'cancelled', error: error.slice(0, 1000) };
  }
  log.warn(`${instanceId} failed: ${quoted(error, 300)}`);
  try {
    const recorded = yield* callActivity(ctx, contracts.recordBuildOutcome, { ref, succeeded: false, at: ctx.df.currentUtcDateTime.toISOString() });
    const limit = input.build.image.rebuild.pauseAfterFailures;
    if (pausedByThisFailure(recorded.consecutiveFailures, limit)) {
      // Never throws: a notification that cannot be published is a logged warning.
      yield* notify(ctx, imagePaused({ ...imageOf(ref), instanceId, consecutiveFailures: recorded.consecutiveFailures, pauseAfterFailures: limit, error }));
    }
    return { image, outcome: 'failed', error: error.slice(0, 1000), consecutiveFailures: recorded.consecutiveFailures };
  } catch (recordError) {
    // The count could not be written (ARM down after retries): the run still reports the build's failure.
    const why = recordError instanceof Error ? recordError.message : String(recordError);
    return { image, outcome: 'failed', error: `${error.slice(0, 800)} (failure count not recorded: ${why.slice(0, 180)})`, consecutiveFailures: -1 };
  }
}
