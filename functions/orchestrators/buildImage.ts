import type * as df from 'durable-functions';
import type { BuildInput, BuildOutput } from '../contracts';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { buildIdFromGuid, buildVmName } from '../durable/instanceIds';
import { noteFailingStep, setProgress } from '../durable/progress';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { BASE_IMAGE_TAG, BUILD_TAG, INSTANCE_TAG, RECIPE_TAG, TRIGGER_TAG } from '../../shared/domain/tags';
import { buildStarted } from '../../shared/domain/notifications/eventBuilders';
import { publishOutcome } from '../../shared/domain/publishOutcome';
import { notify } from './notify/notify';
import { deleteVmAndWait, generalizeScript, runStep, stepScript, waitForVm } from './buildVmSteps';
import { ensureDefinition } from './ensureDefinition';
import { planVersion } from './planVersion';
import { publishVersion } from './publishVersion';
import { quoted } from '../../shared/domain/quoted';

/**
 * `build-<image>`: sweep orphans → plan the version and check names → build VM → customization steps →
 * generalize in the guest → deallocate → generalize (ARM) → version (excluded from latest) → replicate →
 * promote; the build VM is deleted on every path (DESIGN.md §3, issue 6), and so is a version the failed build
 * created (publishVersion). A version taken by another run meanwhile is re-planned, not a failure. A version left
 * unpromoted because regions failed ends `Degraded` (output `status`); a failure ends on the `failed` step
 * (withFailedProgress, at registration).
 */
export function* buildImageOrchestrator(ctx: df.OrchestrationContext, input: BuildInput): Generator<df.Task, BuildOutput, unknown> {
  const log = replaySafeLogger(ctx);
  const started = ctx.df.currentUtcDateTime;
  const buildId = buildIdFromGuid(ctx.df.newGuid(`${ctx.df.instanceId}/build`));
  const image = input.image;
  const progress = (step: string, detail: string, percent: number) => setProgress(ctx, { step, detail, percent, buildId });
  const ref = {
    subscriptionId: input.gallery.subscriptionId,
    resourceGroup: input.gallery.resourceGroup,
    galleryName: input.gallery.name,
    imageName: image.name,
  };

  progress('sweep', 'deleting build VMs no running build owns', 1);
  try {
    yield* callActivity(ctx, contracts.sweepBuildVms, { subscriptionId: input.gallery.subscriptionId, resourceGroup: input.staging.resourceGroup });
  } catch (error) {
    // Orphans cost money until the next sweep; refusing to build over them would cost the patch.
    log.warn(`sweep before build ${buildId} failed, building anyway: ${quoted(error, 500)}`);
  }

  progress('definition', `making sure image definition ${image.name} exists`, 2);
  yield* ensureDefinition(ctx, ref, input.gallery.location, image, input.polling);

  progress('plan', 'resolving the base image and the next version', 3);
  const base = yield* callActivity(ctx, contracts.resolveBaseImage, { location: input.gallery.location, baseImage: image.baseImage });
  // The version is planned now but created about an hour later: publishVersion re-plans if another run took it meanwhile.
  const planFor = (now: Date, taken?: readonly string[]) =>
    planVersion(ctx, {
      ref,
      versioning: image.versioning,
      baseImageTag: base.tag,
      now: now.toISOString(),
      naming: input.naming,
      galleryName: input.gallery.name,
      ...(taken === undefined ? {} : { taken }),
    });
  const planned = yield* planFor(started);
  // Never throws (a failed publish is a recorded warning); Succeeded/Failed come from withBuildNotifications.
  yield* notify(ctx, buildStarted({ gallery: input.gallery, image: image.name, instanceId: ctx.df.instanceId, version: planned, buildId, trigger: input.trigger, baseImage: base.exact }));

  const vmName = buildVmName(buildId);
  let vmId: string | null = null;
  let output: BuildOutput | null = null;
  let cleanupError: unknown = null;
  try {
    progress('create-vm', `creating build VM ${vmName} from ${base.exact}`, 5);
    const created = yield* callActivity(ctx, contracts.createBuildVm, {
      subscriptionId: input.gallery.subscriptionId,
      resourceGroup: input.staging.resourceGroup,
      name: vmName,
      location: input.gallery.location,
      vmSize: input.staging.vmSize,
      subnetId: input.staging.subnetId,
      osType: image.definition.osType,
      image: base.source,
      tags: { [BUILD_TAG]: buildId, [INSTANCE_TAG]: ctx.df.instanceId },
    });
    vmId = created.vmId;
    yield* waitForVm(ctx, vmId, input.polling, `creation of ${vmName}`, (vm) => vm.provisioningState === 'Succeeded');

    const steps = image.customization;
    for (const [index, step] of steps.entries()) {
      progress('customize', `step ${index + 1}/${steps.length}: ${step.name}`, 10 + Math.round((40 * index) / Math.max(1, steps.length)));
      yield* runStep(ctx, {
        vmId,
        location: input.gallery.location,
        commandName: `autopilot-step-${index + 1}`,
        stepName: step.name,
        script: stepScript(step),
        timeoutSeconds: step.timeoutSeconds,
        polling: input.polling,
      });
    }

    const generalized = image.definition.osState === 'Generalized';
    if (generalized) {
      progress('generalize-guest', `deprovisioning the ${image.definition.osType} guest`, 50);
      // Asynchronous: the script shuts the VM down and its own result may never be reported, so the power state is polled.
      yield* callActivity(ctx, contracts.startRunCommand, {
        vmId,
        name: 'autopilot-generalize',
        spec: { location: input.gallery.location, script: generalizeScript(image.definition.osType), timeoutSeconds: 3600, asyncExecution: true },
      });
      yield* waitForVm(ctx, vmId, input.polling, 'the guest to shut down', (vm) => vm.powerState === 'stopped' || vm.powerState === 'deallocated');
    }

    progress('deallocate', `deallocating ${vmName}`, 60);
    yield* callActivity(ctx, contracts.deallocateVm, { vmId });
    yield* waitForVm(ctx, vmId, input.polling, `deallocation of ${vmName}`, (vm) => vm.powerState === 'deallocated');
    if (generalized) {
      progress('generalize', `marking ${vmName} generalized`, 65);
      yield* callActivity(ctx, contracts.generalizeVm, { vmId });
    }

    const result = yield* publishVersion(ctx, {
      ref,
      version: planned,
      spec: {
        location: input.gallery.location,
        sourceVmId: vmId,
        targetRegions: image.targetRegions.map((r) => ({ name: r.name, replicas: r.replicas, storageAccountType: r.storageAccountType })),
        excludeFromLatest: true,
        tags: {
          ...image.tags,
          [BUILD_TAG]: buildId,
          [TRIGGER_TAG]: input.trigger,
          [RECIPE_TAG]: input.recipeSha256,
          [BASE_IMAGE_TAG]: base.tag,
        },
      },
      polling: input.polling,
      maxReplicationRetries: input.maxReplicationRetries,
      progress,
      replan: (taken) => planFor(ctx.df.currentUtcDateTime, taken),
    });

    const durationSeconds = Math.round((ctx.df.currentUtcDateTime.getTime() - started.getTime()) / 1000);
    log.info(`build ${buildId} of ${image.name} published ${result.version} (promoted: ${result.promoted})`);
    output = {
      image: image.name,
      version: result.version,
      regions: result.regions,
      promoted: result.promoted,
      trigger: input.trigger,
      buildId,
      durationSeconds,
      failedRegions: result.failedRegions,
      status: publishOutcome(result),
      ...(result.replanned.length > 0 ? { replanned: result.replanned } : {}),
    };
  } catch (error) {
    // The VM cleanup below replaces customStatus: remember which step failed first.
    noteFailingStep(ctx);
    throw error;
  } finally {
    if (vmId !== null) {
      progress('cleanup', `deleting build VM ${vmName}`, 99);
      try {
        yield* deleteVmAndWait(ctx, vmId, input.polling);
      } catch (error) {
        // A failed build reports its own failure (this only logs); the sweeper retries the delete either way.
        log.error(`cleanup of ${vmName} failed: ${quoted(error, 500)}`);
        cleanupError = error;
      }
    }
  }
  // Reached only when the build itself succeeded: then a VM left behind is a failure worth reporting.
  if (cleanupError !== null) throw cleanupError;
  if (output === null) throw new Error('UNEXPECTED: build finished without an output');
  // A paused image resumes after a successful on-demand build (issue 7). Scheduled builds run inside
  // rebuildRunImage, which records success and failure itself, so only the other triggers reset here.
  if (input.trigger !== 'schedule') {
    try {
      yield* callActivity(ctx, contracts.recordBuildOutcome, { ref, succeeded: true, at: ctx.df.currentUtcDateTime.toISOString() });
    } catch (error) {
      log.warn(`failure count of ${image.name} not reset: ${quoted(error, 500)}`);
    }
  }
  const unpromoted = output.failedRegions.length > 0 ? `unpromoted: replication failed in ${output.failedRegions.join(', ')}` : 'unpromoted';
  progress('done', output.promoted ? `published ${output.version}` : `published ${output.version} ${unpromoted}`, 100);
  return output;
}
