/** The build VM's part of a build run: the run's identity, starting the VM and making it an image source. */
import type * as df from 'durable-functions';
import type { BuildInput, ImageDefinitionRef, ReadVmOutput, ResolveBaseImageOutput, VmView } from '../contracts';
import { quoted } from '../../shared/domain/quoted';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { buildIdFromGuid, buildVmName } from '../durable/instanceIds';
import { setProgress } from '../durable/progress';
import { replaySafeLogger, type OrchestrationLogger } from '../durable/replaySafeLogger';
import { BUILD_TAG, INSTANCE_TAG } from '../../shared/domain/tags';
import { buildVmSecurity, mergeBuildVmTags } from '../../shared/domain/buildVm';
import { customize, generalizeScript, generalizeWhenOff, waitForVm } from './buildVmSteps';
import { tailsThatFit, type StepTails } from '../../shared/domain/outputTail';
import { runNotes } from './notify/runNotes';
import { stepLogTarget, type StepLogTarget } from '../../shared/domain/stepLogs';

type Ctx = df.OrchestrationContext;

/** One build's identity and what every phase of it uses. */
export interface BuildRun {
  ctx: Ctx;
  input: BuildInput;
  log: OrchestrationLogger;
  started: Date;
  buildId: string;
  ref: ImageDefinitionRef;
  vmName: string;
  progress: (step: string, detail: string, percent: number) => void;
  /** The customization steps run so far with their output tails (the output's `customization`). */
  customization: StepTails[];
  /** Where the steps' full output goes: decided by the build identity check, inline until then. */
  logTarget: StepLogTarget;
  /** The staging group was swept (or the sweep tried) by this run: it sweeps once. */
  swept: boolean;
}

/** Called first, before any yield: the build ID comes from a replay-safe GUID of this point in the history. */
export function startRun(ctx: Ctx, input: BuildInput): BuildRun {
  const buildId = buildIdFromGuid(ctx.df.newGuid(`${ctx.df.instanceId}/build`));
  // The same array the run's notes hold, so the run record gets the tails however the build ends.
  const customization: StepTails[] = runNotes(ctx).customization;
  return {
    ctx,
    input,
    log: replaySafeLogger(ctx, { image: input.image.name, buildId, trigger: input.trigger }),
    started: ctx.df.currentUtcDateTime,
    buildId,
    ref: { subscriptionId: input.gallery.subscriptionId, resourceGroup: input.gallery.resourceGroup, galleryName: input.gallery.name, imageName: input.image.name },
    vmName: buildVmName(buildId),
    progress: (step, detail, percent) => {
      const shown = customization.length === 0 ? null : tailsThatFit(customization);
      setProgress(ctx, { step, detail, percent, buildId, ...(shown === null ? {} : { customization: shown }) });
    },
    customization,
    logTarget: stepLogTarget(input.runLogsContainerUri, { configured: input.image.build?.identity !== undefined, clientId: undefined }, ctx.df.instanceId, buildVmName(buildId)),
    swept: false,
  };
}

/**
 * Deletes the build VMs no running build owns, once per run; a scheduled build relies on its run's sweep. Given the
 * run's own VM, returns it as the list shows it, so the sweep can be the first read of that VM's creation.
 */
export function* sweepOrphans(run: BuildRun, ownVmId?: string): Generator<df.Task, VmView | undefined, unknown> {
  const { ctx, input } = run;
  if (input.trigger === 'schedule' || run.swept) return undefined;
  run.swept = true;
  try {
    const swept = yield* callActivity(ctx, contracts.sweepBuildVms, {
      subscriptionId: input.gallery.subscriptionId,
      resourceGroup: input.staging.resourceGroup,
      ...(ownVmId === undefined ? {} : { ownVmId }),
    });
    return swept.own;
  } catch (error) {
    // Orphans cost money until the next sweep; refusing to build over them would cost the patch.
    run.log.warn(`sweep of build ${run.buildId} failed, building anyway: ${quoted(error, 500)}`);
    return undefined;
  }
}

/**
 * A read of the new build VM. The run's sweep lists the staging group anyway, so its first one is that list (the VM's
 * provisioning state is in it); a VM the list does not show yet, a failed sweep and every later read GET the VM.
 */
function* sweepOrReadVm(run: BuildRun, vmId: string): Generator<df.Task, ReadVmOutput, unknown> {
  const own = yield* sweepOrphans(run, vmId);
  if (own !== undefined) return { exists: true, vm: own };
  return yield* callActivity(run.ctx, contracts.readVm, { vmId });
}

/** Starts the build VM; its ID is known before it is ready, so a failure while waiting still deletes it. */
export function* startBuildVm(run: BuildRun, base: ResolveBaseImageOutput): Generator<df.Task, string, unknown> {
  const { ctx, input } = run;
  run.progress('create-vm', `creating build VM ${run.vmName} from ${base.exact}`, 5);
  // Inputs recorded before build options existed have none: the VM is made as it was then.
  const build = input.image.build ?? {};
  const created = yield* callActivity(ctx, contracts.createBuildVm, {
    subscriptionId: input.gallery.subscriptionId,
    resourceGroup: input.staging.resourceGroup,
    name: run.vmName,
    location: input.gallery.location,
    vmSize: build.vmSize ?? input.staging.vmSize,
    subnetId: input.staging.subnetId,
    osType: input.image.definition.osType,
    image: base.source,
    tags: mergeBuildVmTags(input.image.tags, build.tags ?? {}, { [BUILD_TAG]: run.buildId, [INSTANCE_TAG]: ctx.df.instanceId }),
    ...(build.osDiskSizeGb === undefined ? {} : { osDiskSizeGb: build.osDiskSizeGb }),
    ...(build.identity === undefined ? {} : { identity: build.identity }),
    security: buildVmSecurity(input.image.definition.securityType),
  });
  return created.vmId;
}

/** The VM is ready → customization steps → generalize in the guest → deallocate → generalize (ARM). */
export function* prepareVm(run: BuildRun, vmId: string): Generator<df.Task, void, unknown> {
  const { ctx, input, vmName } = run;
  const image = input.image;
  yield* waitForVm(ctx, vmId, input.polling, `creation of ${vmName}`, (vm) => vm.provisioningState === 'Succeeded', { read: () => sweepOrReadVm(run, vmId) });
  yield* customize(ctx, vmId, input, run.progress, run.customization, run.logTarget);

  const generalized = image.definition.osState === 'Generalized';
  if (generalized) {
    run.progress('generalize-guest', `deprovisioning the ${image.definition.osType} guest`, 50);
    // Asynchronous: the script shuts the VM down and its own result may never be reported, so the power state is polled.
    yield* callActivity(ctx, contracts.startRunCommand, {
      vmId,
      name: 'autopilot-generalize',
      spec: { location: input.gallery.location, script: generalizeScript(image.definition.osType), timeoutSeconds: 3600, asyncExecution: true },
    });
    yield* waitForVm(ctx, vmId, input.polling, 'the guest to shut down', (vm) => vm.powerState === 'stopped' || vm.powerState === 'deallocated');
  }

  run.progress('deallocate', `deallocating ${vmName}`, 60);
  yield* callActivity(ctx, contracts.deallocateVm, { vmId });
  if (!generalized) {
    yield* waitForVm(ctx, vmId, input.polling, `deallocation of ${vmName}`, (vm) => vm.powerState === 'deallocated');
    return;
  }
  yield* generalizeWhenOff(ctx, vmId, input.polling, () => run.progress('generalize', `marking ${vmName} generalized`, 65));
}
