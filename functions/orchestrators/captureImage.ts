import type * as df from 'durable-functions';
import type { BuildOutput, CaptureInput } from '../contracts';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { buildIdFromGuid } from '../durable/instanceIds';
import { setProgress } from '../durable/progress';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { planRetry } from '../durable/retryOptions';
import { BUILD_TAG, SOURCE_VM_TAG, TRIGGER_TAG } from '../contracts';
import { deleteVmAndWait, waitForVm } from './buildVmSteps';
import { ensureDefinition } from './ensureDefinition';
import { publishVersion } from './publishVersion';

/**
 * `capture-<hash>`: a version from an already generalized VM. Re-reads the VM (payloads are never trusted), returns
 * the existing version when this VM was captured before, else deallocates, publishes, and deletes the VM only
 * when it asks for it.
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
  if (found.version !== null) {
    progress('done', `already captured as ${found.version.name}`, 100);
    return {
      image: input.image.name,
      version: found.version.name,
      regions: found.version.targetRegions.map((r) => r.name),
      promoted: !found.version.excludeFromLatest,
      trigger: input.trigger,
      buildId: found.version.tags[BUILD_TAG] ?? buildId,
      durationSeconds: elapsed(),
      failedRegions: [],
      alreadyCaptured: true,
    };
  }

  progress('inspect', 'checking the VM against the catalog', 5);
  const vm = yield* callActivity(ctx, contracts.readVm, { vmId: input.vmId });
  const definition = yield* ensureDefinition(ctx, ref, input.gallery.location, input.image, input.polling);
  const decision = yield* callActivity(
    ctx,
    contracts.planCapture,
    { vmId: input.vmId, vm: vm.exists ? vm.vm : null, definition, image: input.image.name, captureScopes: input.captureScopes },
    planRetry(),
  );
  if (!decision.accept) throw new Error(`CAPTURE_REJECTED: ${decision.reason}`);

  const existing = yield* callActivity(ctx, contracts.listImageVersions, ref);
  const plan = yield* callActivity(
    ctx,
    contracts.planBuildVersion,
    { versioning: input.image.versioning, existing: existing.map((v) => ({ name: v.name, baseImage: null })), baseImage: '', now: started.toISOString() },
    planRetry(),
  );
  const names = yield* callActivity(
    ctx,
    contracts.checkNames,
    { gallery: input.gallery.name, image: input.image.name, version: plan.version, naming: input.naming },
    planRetry(),
  );
  if (names.violations.length > 0) {
    throw new Error(`NAME_VIOLATION: ${names.violations.map((v) => `${v.rule}: ${v.message}`).join('; ')}`);
  }

  if (decision.needsDeallocate) {
    progress('deallocate', 'deallocating the source VM', 20);
    yield* callActivity(ctx, contracts.deallocateVm, { vmId: input.vmId });
    yield* waitForVm(ctx, input.vmId, input.polling, 'deallocation of the source VM', (v) => v.powerState === 'deallocated');
  }

  const result = yield* publishVersion(ctx, {
    ref,
    version: plan.version,
    spec: {
      location: input.gallery.location,
      sourceVmId: input.vmId,
      targetRegions: input.image.targetRegions.map((r) => ({ name: r.name, replicas: r.replicas, storageAccountType: r.storageAccountType })),
      excludeFromLatest: true,
      tags: { ...input.image.tags, [BUILD_TAG]: buildId, [TRIGGER_TAG]: input.trigger, [SOURCE_VM_TAG]: input.vmIdHash },
    },
    polling: input.polling,
    maxReplicationRetries: input.maxReplicationRetries,
    progress,
  });

  if (decision.deleteAfterCapture && result.promoted) {
    progress('cleanup', 'deleting the source VM as its tag asks', 98);
    yield* deleteVmAndWait(ctx, input.vmId, input.polling);
  }
  log.info(`capture ${buildId} of ${input.vmId} published ${plan.version} (promoted: ${result.promoted})`);
  progress('done', `published ${plan.version}`, 100);
  const output: BuildOutput = {
    image: input.image.name,
    version: plan.version,
    regions: result.regions,
    promoted: result.promoted,
    trigger: input.trigger,
    buildId,
    durationSeconds: elapsed(),
    failedRegions: result.failedRegions,
  };
  // Never throws: a notification that cannot be published is a recorded warning.
  yield* contracts.notify(ctx, contracts.captureCompleted({ ...contracts.imageOf(ref), instanceId: ctx.df.instanceId, vmId: input.vmId, output }));
  return output;
}
