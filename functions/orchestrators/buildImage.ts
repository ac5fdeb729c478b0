import type * as df from 'durable-functions';
import type { BuildInput, BuildOutput, ImageDefinitionView, ResolveBaseImageOutput } from '../contracts';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { shielded } from '../durable/cancellation';
import { noteFailingStep } from '../durable/progress';
import { buildStarted } from '../../shared/domain/notifications/eventBuilders';
import { publishOutcome } from '../../shared/domain/publishOutcome';
import { quoted } from '../../shared/domain/quoted';
import { BASE_IMAGE_TAG, BUILD_TAG, failureCount, lastFailureAt, REASON_TAG, RECIPE_TAG, tagValue, TRIGGER_TAG } from '../../shared/domain/tags';
import { prepareVm, startBuildVm, startRun, sweepOrphans, type BuildRun } from './buildImageSteps';
import { stepLogTarget } from '../../shared/domain/stepLogs';
import { deleteVmAndWait } from './buildVmSteps';
import { ensureDefinition } from './ensureDefinition';
import { notify } from './notify/notify';
import { planVersion } from './planVersion';
import { publishVersion } from './publishVersion';
import { gateAndPromote } from './validateVersion';

type Ctx = df.OrchestrationContext;

interface BuildPlan {
  definition: ImageDefinitionView;
  base: ResolveBaseImageOutput;
  planned: string;
  /** Plans the next free version; again after a conflict, with the names found taken. */
  planFor: (now: Date, taken?: readonly string[]) => Generator<df.Task, string, unknown>;
}

/**
 * ARM refuses a VM whose identity does not exist, but only once the create is tried: failing here names the catalog
 * field and leaves nothing to clean up.
 */
function* checkBuildIdentity(run: BuildRun): Generator<df.Task, void, unknown> {
  const identityId = run.input.image.build?.identity;
  if (identityId === undefined) return;
  const { exists, clientId } = yield* callActivity(run.ctx, contracts.readUserAssignedIdentity, { identityId });
  if (!exists) {
    throw new Error(`NOT_FOUND: build.identity ${identityId} of image ${run.input.image.name} does not exist (create it, or fix build.identity in the catalog); no build VM was created`);
  }
  // The VM writes its steps' log blobs as this identity, the one it is given anyway.
  run.logTarget = stepLogTarget(run.input.runLogsContainerUri, { configured: true, clientId }, run.ctx.df.instanceId, run.vmName);
}

/** The definition, the exact base image and the version to publish; announces Build.Started. */
function* planBuild(run: BuildRun): Generator<df.Task, BuildPlan, unknown> {
  const { ctx, input } = run;
  const image = input.image;
  run.progress('definition', `making sure image definition ${image.name} exists`, 2);
  const definition = yield* ensureDefinition(ctx, run.ref, input.gallery.location, image, input.polling);

  run.progress('plan', 'resolving the base image and the next version', 3);
  const base = yield* callActivity(ctx, contracts.resolveBaseImage, { location: input.gallery.location, baseImage: image.baseImage });
  yield* checkBuildIdentity(run);
  // The version is planned now but created about an hour later: publishVersion re-plans if another run took it meanwhile.
  const planFor = (now: Date, taken?: readonly string[]) =>
    planVersion(ctx, {
      ref: run.ref,
      versioning: image.versioning,
      baseImageTag: base.tag,
      now: now.toISOString(),
      naming: input.naming,
      galleryName: input.gallery.name,
      ...(taken === undefined ? {} : { taken }),
    });
  const planned = yield* planFor(run.started);
  // Never throws (a failed publish is a recorded warning); Succeeded/Failed come from withBuildNotifications.
  yield* notify(ctx, buildStarted({ gallery: input.gallery, image: image.name, instanceId: ctx.df.instanceId, version: planned, buildId: run.buildId, trigger: input.trigger, baseImage: base.exact }));
  return { definition, base, planned, planFor };
}

/** The version from the VM, with the provenance tags; re-planned if another run took the planned one. */
function* publishBuilt(run: BuildRun, plan: BuildPlan, vmId: string): Generator<df.Task, BuildOutput, unknown> {
  const { ctx, input, buildId } = run;
  const image = input.image;
  // Inputs recorded before builds kept their reason have none; an empty one says nothing.
  const reason = input.reason === undefined || input.reason === null || input.reason === '' ? null : input.reason;
  const result = yield* publishVersion(ctx, {
    ref: run.ref,
    version: plan.planned,
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
        [BASE_IMAGE_TAG]: plan.base.tag,
        ...(reason === null ? {} : { [REASON_TAG]: tagValue(reason) }),
      },
    },
    polling: input.polling,
    maxReplicationRetries: input.maxReplicationRetries,
    progress: run.progress,
    replan: (taken) => plan.planFor(ctx.df.currentUtcDateTime, taken),
    // With a validation gate the version is promoted only after it (gateAndPromote, once the build VM is gone).
    promote: image.validation === undefined,
  });
  const durationSeconds = Math.round((ctx.df.currentUtcDateTime.getTime() - run.started.getTime()) / 1000);
  run.log.info(`build ${buildId} of ${image.name} published ${result.version} (promoted: ${result.promoted})`);
  return {
    image: image.name,
    version: result.version,
    regions: result.regions,
    promoted: result.promoted,
    trigger: input.trigger,
    buildId,
    durationSeconds,
    failedRegions: result.failedRegions,
    status: publishOutcome(result),
    reason,
    customization: [...run.customization],
    ...(result.replanned.length > 0 ? { replanned: result.replanned } : {}),
  };
}

/** Everything that needs the build VM, which is deleted on every path (the sweeper retries a failed delete). */
function* buildOnVm(run: BuildRun, plan: BuildPlan): Generator<df.Task, BuildOutput, unknown> {
  const { ctx, input, vmName } = run;
  let vmId: string | null = null;
  let output: BuildOutput | null = null;
  let cleanupError: unknown = null;
  try {
    vmId = yield* startBuildVm(run, plan.base);
    yield* prepareVm(run, vmId);
    output = yield* publishBuilt(run, plan, vmId);
  } catch (error) {
    // The VM cleanup below replaces customStatus: remember which step failed first.
    noteFailingStep(ctx);
    throw error;
  } finally {
    if (vmId !== null) {
      const id = vmId;
      // Shielded: a cancel stops the build, never the delete of its VM.
      cleanupError = yield* shielded(ctx, function* () {
        // A gated version is validated and promoted after this cleanup: leave it room so the percent never goes back.
        run.progress('cleanup', `deleting build VM ${vmName}`, input.image.validation === undefined ? 99 : 85);
        try {
          yield* deleteVmAndWait(ctx, id, input.polling);
          return null;
        } catch (error) {
          // A failed build reports its own failure (this only logs); the sweeper retries the delete either way.
          run.log.error(`cleanup of ${vmName} failed: ${quoted(error, 500)}`);
          return error;
        }
      });
    }
  }
  // Reached only when the build itself succeeded: then a VM left behind is a failure worth reporting.
  if (cleanupError !== null) throw cleanupError;
  if (output === null) throw new Error('UNEXPECTED: build finished without an output');
  return output;
}

/**
 * A paused image resumes after a successful on-demand build. Scheduled builds run inside rebuildRunImage, which
 * records success and failure itself, so only the other triggers reset here.
 */
function* resetFailureCount(run: BuildRun, definition: ImageDefinitionView): Generator<df.Task, void, unknown> {
  if (run.input.trigger === 'schedule') return;
  const knownClear = failureCount(definition.tags) === 0 && lastFailureAt(definition.tags) === null;
  try {
    yield* callActivity(run.ctx, contracts.recordBuildOutcome, { ref: run.ref, succeeded: true, at: run.ctx.df.currentUtcDateTime.toISOString(), knownClear });
  } catch (error) {
    run.log.warn(`failure count of ${run.input.image.name} not reset: ${quoted(error, 500)}`);
  }
}

/**
 * A build run: plan the version and check names → build VM (its first read is the sweep of orphans) → customization steps →
 * generalize in the guest → deallocate → generalize (ARM) → version (excluded from latest) → replicate →
 * [validation gate: test VMs, approval (validateVersion.ts)] → promote; the build VM is deleted on every path (docs/architecture.md#cleanup-and-the-sweeper), and so is a version the failed build created
 * (publishVersion). A version taken by another run meanwhile is re-planned, not a failure. A version left
 * unpromoted because regions failed ends `Degraded` (output `status`); a failure ends on the `failed` step
 * (withFailedProgress, at registration). A cancel request stops it at the next step or durable wait
 * (cancellation.ts) and the same cleanup runs; it ends on the `cancelled` step.
 */
export function* buildImageOrchestrator(ctx: Ctx, input: BuildInput): Generator<df.Task, BuildOutput, unknown> {
  const run = startRun(ctx, input);
  try {
    const plan = yield* planBuild(run);
    const output = yield* gateAndPromote(run, yield* buildOnVm(run, plan));
    yield* resetFailureCount(run, plan.definition);
    const unpromoted = output.failedRegions.length > 0 ? `unpromoted: replication failed in ${output.failedRegions.join(', ')}` : 'unpromoted';
    run.progress('done', output.promoted ? `published ${output.version}` : `published ${output.version} ${unpromoted}`, 100);
    return output;
  } finally {
    // The sweep is the first read of the build VM's creation; a run that ends before that read sweeps here, so every
    // build the scheduled run did not start still finds the VMs of killed runs. Shielded: a cancel does not skip it.
    yield* shielded(ctx, () => sweepOrphans(run));
  }
}
