import type * as df from 'durable-functions';
import type { BuildOutput, CaptureInput } from '../contracts';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { buildIdFromGuid } from '../durable/instanceIds';
import { setProgress } from '../durable/progress';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { quoted } from '../../shared/domain/quoted';
import { planRetry } from '../durable/retryOptions';
import { BASE_IMAGE_TAG, BUILD_TAG, SOURCE_VM_TAG, TRIGGER_TAG } from '../contracts';
import { publishOutcome } from '../../shared/domain/publishOutcome';
import { deleteVmAndWait, waitForVm } from './buildVmSteps';
import { ensureDefinition } from './ensureDefinition';
import { planVersion } from './planVersion';
import { followVersion, publishVersion } from './publishVersion';

/**
 * After a resumed version is promoted: the source VM goes only when it still asks for it (its tag, re-read now) and
 * still passes the capture checks; a VM that is gone is fine.
 */
function* deleteSourceVmIfTagged(ctx: df.OrchestrationContext, input: CaptureInput, progress: (step: string, detail: string, percent: number) => void): Generator<df.Task, void, unknown> {
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
 * `capture-<hash>`: a version from an already generalized VM. Re-reads the VM (payloads are never trusted), returns
 * the existing usable version when this VM was captured before — resuming it when an interrupted run left it
 * unpromoted — else deallocates, publishes (re-planning on a version conflict, deleting its own version if
 * publishing fails), and deletes the VM only when it asks for it.
 */
export function* captureImageOrchestrator(ctx: df.OrchestrationContext, input: CaptureInput): Generator<df.Task, BuildOutput, unknown> {
  const log = replaySafeLogger(ctx);
  const started = ctx.df.currentUtcDateTime;
  const buildId = buildIdFromGuid(ctx.df.newGuid(`${ctx.df.instanceId}/capture`));
  const progress = (step: string, detail: string, percent: number) => setProgress(ctx, { step, detail, percent, buildId });
  const ref = {
    subscriptionId: input.gallery.subscriptionId,
    resourceGroup: input.gallery.resourceGroup,
    galleryName: input.gallery.name,
    imageName: input.image.name,
  };
  const elapsed = () => Math.round((ctx.df.currentUtcDateTime.getTime() - started.getTime()) / 1000);

  progress('dedup', 'looking for a version captured from this VM', 2);
  const found = yield* callActivity(ctx, contracts.findCapturedVersion, { ref, vmIdHash: input.vmIdHash });
  if (found.skipped !== undefined && found.skipped.length > 0) {
    // A Failed version is a capture that did not happen: captured again below. Another run's version is never deleted here.
    log.warn(`capture of ${quoted(input.vmId)}: not counted as captured: ${quoted(found.skipped.join(', '))}`);
  }
  if (found.version !== null) {
    const existing = found.version;
    const already = {
      image: input.image.name,
      version: existing.name,
      trigger: input.trigger,
      buildId: existing.tags[BUILD_TAG] ?? buildId,
      alreadyCaptured: true,
    };
    const disposition = found.disposition ?? 'complete';
    if (disposition === 'deprecated') {
      progress('done', `already captured as ${existing.name}, deprecated since (end of life ${existing.endOfLifeDate ?? '?'}): not promoted again`, 100);
      return { ...already, regions: existing.targetRegions.map((r) => r.name), promoted: false, durationSeconds: elapsed(), failedRegions: [], status: 'Succeeded', deprecated: true };
    }
    if (disposition === 'complete') {
      progress('done', `already captured as ${existing.name}`, 100);
      return { ...already, regions: existing.targetRegions.map((r) => r.name), promoted: !existing.excludeFromLatest, durationSeconds: elapsed(), failedRegions: [], status: 'Succeeded' };
    }

    // An earlier run created it and was interrupted before promoting it: finish what that run would have done.
    progress('resume', `resuming ${existing.name}, captured earlier but never promoted`, 60);
    const result = yield* followVersion(ctx, {
      ref,
      version: existing.name,
      targetRegions: existing.targetRegions,
      polling: input.polling,
      maxReplicationRetries: input.maxReplicationRetries,
      progress,
      justWritten: false,
    });
    if (result.promoted) yield* deleteSourceVmIfTagged(ctx, input, progress);
    log.info(`capture of ${quoted(input.vmId)} resumed ${quoted(existing.name)} (promoted: ${result.promoted})`);
    progress('done', result.promoted ? `resumed and promoted ${existing.name}` : `resumed ${existing.name}, unpromoted`, 100);
    const output: BuildOutput = { ...already, regions: result.regions, promoted: result.promoted, durationSeconds: elapsed(), failedRegions: result.failedRegions, status: publishOutcome(result), resumed: true };
    yield* contracts.notify(ctx, contracts.captureFinished({ ...contracts.imageOf(ref), instanceId: ctx.df.instanceId, vmId: input.vmId, output }));
    return output;
  }

  progress('inspect', 'checking the VM against the catalog', 5);
  const vm = yield* callActivity(ctx, contracts.readVm, { vmId: input.vmId });
  const definition = yield* ensureDefinition(ctx, ref, input.gallery.location, input.image, input.polling);
  const decision = yield* callActivity(
    ctx,
    contracts.planCapture,
    { vmId: input.vmId, vm: vm.exists ? vm.vm : null, definition, image: input.image.name, captureScopes: input.captureScopes, galleryLocation: input.gallery.location },
    planRetry(),
  );
  if (!decision.accept) throw new Error(`CAPTURE_REJECTED: ${decision.reason}`);

  const planFor = (now: Date, taken?: readonly string[]) =>
    planVersion(ctx, {
      ref,
      versioning: input.image.versioning,
      baseImageTag: null,
      now: now.toISOString(),
      naming: input.naming,
      galleryName: input.gallery.name,
      ...(taken === undefined ? {} : { taken }),
    });
  const planned = yield* planFor(started);

  if (decision.needsDeallocate) {
    progress('deallocate', 'deallocating the source VM', 20);
    yield* callActivity(ctx, contracts.deallocateVm, { vmId: input.vmId });
    yield* waitForVm(ctx, input.vmId, input.polling, 'deallocation of the source VM', (v) => v.powerState === 'deallocated');
  }

  const result = yield* publishVersion(ctx, {
    ref,
    version: planned,
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
        ...(vm.exists && vm.baseImageTag !== undefined ? { [BASE_IMAGE_TAG]: vm.baseImageTag } : {}),
      },
    },
    polling: input.polling,
    maxReplicationRetries: input.maxReplicationRetries,
    progress,
    // Another capture (or a build) into the same image may take the number first: plan the next free one.
    replan: (taken) => planFor(ctx.df.currentUtcDateTime, taken),
  });

  if (decision.deleteAfterCapture && result.promoted) {
    progress('cleanup', 'deleting the source VM as its tag asks', 98);
    yield* deleteVmAndWait(ctx, input.vmId, input.polling);
  }
  log.info(`capture ${buildId} of ${quoted(input.vmId)} published ${result.version} (promoted: ${result.promoted})`);
  progress('done', `published ${result.version}`, 100);
  const output: BuildOutput = {
    image: input.image.name,
    version: result.version,
    regions: result.regions,
    promoted: result.promoted,
    trigger: input.trigger,
    buildId,
    durationSeconds: elapsed(),
    failedRegions: result.failedRegions,
    status: publishOutcome(result),
    ...(result.replanned.length > 0 ? { replanned: result.replanned } : {}),
  };
  // Never throws: a notification that cannot be published is a recorded warning.
  yield* contracts.notify(ctx, contracts.captureFinished({ ...contracts.imageOf(ref), instanceId: ctx.df.instanceId, vmId: input.vmId, output }));
  return output;
}
