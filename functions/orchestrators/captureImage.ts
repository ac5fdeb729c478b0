import type * as df from 'durable-functions';
import type { BuildOutput, CaptureInput, FindCapturedVersionOutput, PlanCaptureOutput } from '../contracts';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { isCancellation, shielded } from '../durable/cancellation';
import { planRetry } from '../durable/retryOptions';
import { captureCancelled, captureFinished } from '../../shared/domain/notifications/eventBuilders';
import { imageOf } from '../../shared/domain/notifications/notificationDraft';
import { publishOutcome } from '../../shared/domain/publishOutcome';
import { quoted } from '../../shared/domain/quoted';
import { BASE_IMAGE_TAG, BUILD_TAG, SOURCE_VM_TAG, TRIGGER_TAG } from '../../shared/domain/tags';
import { deleteVmAndWait, waitForVm } from './buildVmSteps';
import { answerCapturedBefore } from './capturedBefore';
import { startCapture, type CaptureRun } from './captureRun';
import { ensureDefinition } from './ensureDefinition';
import { notify } from './notify/notify';
import { sourcePlanner } from './planVersion';
import { publishVersion } from './publishVersion';

interface CapturePlan {
  decision: Extract<PlanCaptureOutput, { accept: true }>;
  /** The `autopilot-base-image` value of what the VM was created from, when exactly known. */
  baseImageTag: string | undefined;
  planned: string;
  /** Plans the next free version; again after a conflict, with the names found taken. */
  planFor: (now: Date, taken?: readonly string[]) => Generator<df.Task, string, unknown>;
}

/** Capture dedup: the usable version this VM was captured into before, if any (its tag records the VM hash). */
function* findCaptured(run: CaptureRun): Generator<df.Task, FindCapturedVersionOutput, unknown> {
  run.progress('dedup', 'looking for a version captured from this VM', 2);
  const found = yield* callActivity(run.ctx, contracts.findCapturedVersion, { ref: run.ref, vmIdHash: run.input.vmIdHash });
  if (found.skipped !== undefined && found.skipped.length > 0) {
    // A Failed version is a capture that did not happen: captured again below. Another run's version is never deleted here.
    run.log.warn(`capture of ${quoted(run.input.vmId)}: not counted as captured: ${quoted(found.skipped.join(', '))}`);
  }
  return found;
}

/** Re-reads the VM (payloads are never trusted), makes sure the definition exists, decides, and plans the version. */
function* inspectAndPlan(run: CaptureRun): Generator<df.Task, CapturePlan, unknown> {
  const { ctx, input } = run;
  run.progress('inspect', 'checking the VM against the catalog', 5);
  const vm = yield* callActivity(ctx, contracts.readVm, { vmId: input.vmId });
  const definition = yield* ensureDefinition(ctx, run.ref, input.gallery.location, input.image, input.polling);
  const decision = yield* callActivity(
    ctx,
    contracts.planCapture,
    { vmId: input.vmId, vm: vm.exists ? vm.vm : null, definition, image: input.image.name, captureScopes: input.captureScopes, galleryLocation: input.gallery.location },
    planRetry(),
  );
  if (!decision.accept) throw new Error(`CAPTURE_REJECTED: ${decision.reason}`);

  const planFor = sourcePlanner(ctx, run.ref, input);
  const planned = yield* planFor(run.started);
  return { decision, baseImageTag: vm.exists ? vm.baseImageTag : undefined, planned, planFor };
}

/** Deallocate if needed → publish (re-planning on a conflict) → delete the VM only when it asks for it → announce. */
function* publishCapture(run: CaptureRun, plan: CapturePlan): Generator<df.Task, BuildOutput, unknown> {
  const { ctx, input, progress, buildId } = run;
  if (plan.decision.needsDeallocate) {
    progress('deallocate', 'deallocating the source VM', 20);
    yield* callActivity(ctx, contracts.deallocateVm, { vmId: input.vmId });
    yield* waitForVm(ctx, input.vmId, input.polling, 'deallocation of the source VM', (v) => v.powerState === 'deallocated');
  }

  const result = yield* publishVersion(ctx, {
    ref: run.ref,
    version: plan.planned,
    spec: {
      location: input.gallery.location,
      sourceVmId: input.vmId,
      targetRegions: input.image.targetRegions.map((r) => ({ name: r.name, replicas: r.replicas, storageAccountType: r.storageAccountType })),
      excludeFromLatest: true,
      tags: {
        ...input.image.tags,
        [BUILD_TAG]: buildId,
        [TRIGGER_TAG]: input.trigger,
        [SOURCE_VM_TAG]: input.vmIdHash,
        // What the VM was created from, when exactly known. No recipe tag: a capture's provenance is not a build's.
        ...(plan.baseImageTag !== undefined ? { [BASE_IMAGE_TAG]: plan.baseImageTag } : {}),
      },
    },
    polling: input.polling,
    maxReplicationRetries: input.maxReplicationRetries,
    progress,
    // Another capture (or a build) into the same image may take the number first: plan the next free one.
    replan: (taken) => plan.planFor(ctx.df.currentUtcDateTime, taken),
  });

  if (plan.decision.deleteAfterCapture && result.promoted) {
    // The version is promoted: a cancel arriving now is too late, and the VM's owner asked for the delete.
    yield* shielded(ctx, function* () {
      progress('cleanup', 'deleting the source VM as its tag asks', 98);
      yield* deleteVmAndWait(ctx, input.vmId, input.polling);
    });
  }
  run.log.info(`capture ${buildId} of ${quoted(input.vmId)} published ${result.version} (promoted: ${result.promoted})`);
  progress('done', `published ${result.version}`, 100);
  const output: BuildOutput = {
    image: input.image.name,
    version: result.version,
    regions: result.regions,
    promoted: result.promoted,
    trigger: input.trigger,
    buildId,
    durationSeconds: run.elapsed(),
    failedRegions: result.failedRegions,
    status: publishOutcome(result),
    ...(result.replanned.length > 0 ? { replanned: result.replanned } : {}),
  };
  // Never throws: a notification that cannot be published is a recorded warning.
  yield* notify(ctx, captureFinished({ ...imageOf(run.ref), instanceId: ctx.df.instanceId, vmId: input.vmId, output }));
  return output;
}

/**
 * A capture run: a version from an already generalized VM. Returns the existing usable version when this VM was
 * captured before (capturedBefore.ts), else inspects the VM, deallocates, publishes (re-planning on a version
 * conflict, deleting its own version if publishing fails), and deletes the VM only when it asks for it. A cancel
 * request stops it at the next step or wait (cleanup as on a failure) and publishes Capture.Cancelled.
 */
export function* captureImageOrchestrator(ctx: df.OrchestrationContext, input: CaptureInput): Generator<df.Task, BuildOutput, unknown> {
  const run = startCapture(ctx, input);
  let planned: string | null = null;
  try {
    const found = yield* findCaptured(run);
    if (found.version !== null) return yield* answerCapturedBefore(run, found.version, found.disposition ?? 'complete');
    const plan = yield* inspectAndPlan(run);
    planned = plan.planned;
    return yield* publishCapture(run, plan);
  } catch (error) {
    if (isCancellation(error)) {
      const facts = { ...imageOf(run.ref), instanceId: ctx.df.instanceId, vmId: input.vmId, version: planned, buildId: run.buildId, trigger: input.trigger, error };
      yield* shielded(ctx, () => notify(ctx, captureCancelled(facts)));
    }
    throw error;
  }
}
