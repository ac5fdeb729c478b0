import type * as df from 'durable-functions';
import type { RebuildRunImageInput, RebuildRunImageOutput } from '../contracts';
import * as contracts from '../contracts';
import { callActivity, callSubOrchestrator } from '../durable/callActivity';
import { isCancellation } from '../durable/cancellation';
import { buildInstanceId } from '../durable/instanceIds';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { quoted } from '../../shared/domain/quoted';

/**
 * The Durable backend refuses a sub-orchestration whose instance ID is running: the local backend says "An
 * orchestration with instance ID '…' already exists and is Running", DTFx's OrchestrationAlreadyExistsException "An
 * Orchestration instance with the status Running already exists". That refusal is how two overlapping runs, or a run
 * and an on-demand build, never start a second `build-<image>`: reported as already running, not as a failed build.
 * Narrow on purpose: a build failing on an ARM "already exists" conflict is a real failure.
 */
export function isAlreadyRunningError(message: string): boolean {
  return /orchestration (?:with instance id '[^']*'|instance with the status \w+) already exists/i.test(message);
}

/**
 * One image of a scheduled run: `build-<image>` as a sub-orchestration, then the failure count on the image
 * definition (+1 on failure, reset on success; a cancelled build changes nothing). Wrapping keeps buildImage unchanged and lets the run fan out with
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
  const instanceId = buildInstanceId(image);
  let build: contracts.BuildOutput | null = null;
  let error = '';
  try {
    build = yield* callSubOrchestrator(ctx, contracts.buildImage, input.build, instanceId);
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
    return { image, outcome: 'failed', error: error.slice(0, 1000), consecutiveFailures: recorded.consecutiveFailures };
  } catch (recordError) {
    // The count could not be written (ARM down after retries): the run still reports the build's failure.
    const why = recordError instanceof Error ? recordError.message : String(recordError);
    return { image, outcome: 'failed', error: `${error.slice(0, 800)} (failure count not recorded: ${why.slice(0, 180)})`, consecutiveFailures: -1 };
  }
}
