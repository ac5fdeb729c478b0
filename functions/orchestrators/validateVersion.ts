import type * as df from 'durable-functions';
import type { ApprovalDecision, BuildOutput, RegionVerdict, ValidationReport } from '../contracts';
import * as contracts from '../contracts';
import { callActivity, subOrchestration, whenAll } from '../durable/callActivity';
import { isCancellation, shielded } from '../durable/cancellation';
import { noteFailingStep } from '../durable/progress';
import { stepLogTargetFor } from '../../shared/domain/stepLogs';
import type { ValidationSpec } from '../../shared/domain/catalog';
import { buildVmSecurity } from '../../shared/domain/buildVm';
import { buildValidationFailed } from '../../shared/domain/notifications/eventBuilders';
import { publishOutcome } from '../../shared/domain/publishOutcome';
import { quoted } from '../../shared/domain/quoted';
import { BUILD_TAG, INSTANCE_TAG, VALIDATION_TAG, type ValidationTagValue } from '../../shared/domain/tags';
import type { BuildRun } from './buildImageSteps';
import { awaitApproval } from './awaitApproval';
import { notify } from './notify/notify';
import { deleteOwnVersion, promoteToLatest } from './publishVersion';

function versionId(run: BuildRun, version: string): string {
  const r = run.ref;
  return `/subscriptions/${r.subscriptionId}/resourceGroups/${r.resourceGroup}/providers/Microsoft.Compute/galleries/${r.galleryName}/images/${r.imageName}/versions/${version}`;
}

/** The gate's refusal is recorded on the version, so prune sees it from ARM alone; a failed write is only logged. */
function* tagRefused(run: BuildRun, version: string, value: ValidationTagValue): Generator<df.Task, void, unknown> {
  try {
    yield* callActivity(run.ctx, contracts.tagImageVersion, { ref: run.ref, version, tags: { [VALIDATION_TAG]: value } });
  } catch (error) {
    run.log.warn(`version ${version} not tagged ${VALIDATION_TAG}=${value}: ${quoted(error, 500)}`);
  }
}

/** One test VM per region, all at once (sub-orchestrations), each deleted whatever its verdict. */
function* validateRegions(run: BuildRun, validation: ValidationSpec, version: string, regions: string[]): Generator<df.Task, RegionVerdict[], unknown> {
  const { ctx, input } = run;
  run.progress('validating', `booting test VMs from ${version} in ${regions.join(', ')}`, 87);
  const calls = regions.map((region, i) =>
    subOrchestration(
      ctx,
      contracts.validateRegion,
      {
        versionId: versionId(run, version),
        region,
        subscriptionId: input.gallery.subscriptionId,
        resourceGroup: input.staging.resourceGroup,
        subnetId: validation.subnets[region] ?? input.staging.subnetId,
        // The size that built the version can boot it: same architecture and security features.
        vmSize: validation.vmSize ?? input.image.build?.vmSize ?? input.staging.vmSize,
        osType: input.image.definition.osType,
        security: buildVmSecurity(input.image.definition.securityType),
        vmName: `${run.vmName}-t${i + 1}`,
        // The build's tags: the sweeper keeps the VM while this run runs and deletes it once it does not.
        tags: { [BUILD_TAG]: run.buildId, [INSTANCE_TAG]: ctx.df.instanceId },
        steps: validation.steps,
        timeoutMinutes: validation.timeoutMinutes,
        polling: input.polling,
        // Logs of the region's steps sit beside the build VM's, under the region's name.
        ...(input.image.build?.identity === undefined ? {} : { identity: input.image.build.identity }),
        logTarget: stepLogTargetFor(run.logTarget, region),
      },
      `validate-${run.buildId}-${region}`,
    ),
  );
  const raw = yield* whenAll(ctx, calls.map((c) => c.task));
  return calls.map((c, i) => c.output(raw[i]));
}

function validationFailed(version: string, failed: RegionVerdict[]): Error {
  const [first] = failed;
  const where = failed.map((f) => f.region).join(', ');
  const what = first?.step ? `validation step "${first.step}" failed in ${first.region}` : `validation failed in ${first?.region ?? where}`;
  const others = failed.length > 1 ? ` (failed in ${where})` : '';
  return new Error(`VALIDATION_FAILED: ${what}: ${first?.message ?? ''}${others}; version ${version} stays excluded from latest`);
}

/**
 * The validation gate between replication and promotion (docs/publishing.md#the-validation-gate). Images without
 * `validation:` were promoted by publishVersion and pass through. Otherwise: test VMs in every validation region →
 * all passed → (approval: required) wait for the decision → promote. A failure, a rejection or no decision in time
 * leaves the version excluded from latest, tags it `autopilot-validation`, and fails the run; a cancel at any point of
 * the gate deletes the version (unless it got promoted meanwhile: deleteOwnImageVersion keeps that one).
 */
export function* gateAndPromote(run: BuildRun, output: BuildOutput): Generator<df.Task, BuildOutput, unknown> {
  const { ctx, input } = run;
  const validation = input.image.validation;
  // Regions that failed to replicate already left the version unpromoted (Degraded): nothing to validate.
  if (validation === undefined || output.promoted || output.failedRegions.length > 0) return output;
  const regions = validation.regions ?? [input.gallery.location];
  try {
    return yield* gate(run, validation, output, regions);
  } catch (error) {
    if (isCancellation(error)) {
      // A cancelled run leaves nothing it made behind: the version the gate never passed goes too (a refused one is
      // kept, tagged, for prune). Shielded: the cancel stops the gate, never this delete.
      noteFailingStep(ctx);
      yield* shielded(ctx, () => deleteOwnVersion(ctx, run.ref, output.version, run.buildId, input.polling, run.progress));
    }
    throw error;
  }
}

/** Test VMs → (approval) → promote; a refusal tags the version and throws. */
function* gate(run: BuildRun, validation: ValidationSpec, output: BuildOutput, regions: string[]): Generator<df.Task, BuildOutput, unknown> {
  const { ctx, input } = run;
  const verdicts = yield* validateRegions(run, validation, output.version, regions);
  const failed = verdicts.filter((v) => !v.passed);
  if (failed.length > 0) {
    yield* tagRefused(run, output.version, 'failed');
    yield* notify(
      ctx,
      buildValidationFailed({
        gallery: input.gallery,
        image: input.image.name,
        instanceId: ctx.df.instanceId,
        version: output.version,
        buildId: run.buildId,
        trigger: input.trigger,
        failures: failed.map((f) => ({ region: f.region, step: f.step ?? null, message: f.message ?? '' })),
      }),
    );
    throw validationFailed(output.version, failed);
  }
  run.progress('validating', `${output.version} passed validation in ${regions.join(', ')}`, 88);

  let approval: ApprovalDecision | undefined;
  if (validation.approval === 'required') {
    const outcome = yield* awaitApproval(run, output.version, validation.approvalTimeoutHours);
    if (outcome.status !== 'approved') {
      yield* tagRefused(run, output.version, outcome.status === 'rejected' ? 'rejected' : 'timed-out');
      throw outcome.error;
    }
    approval = outcome.decision;
  }

  yield* promoteToLatest(ctx, { ref: run.ref, version: output.version, regions: output.regions, polling: input.polling, progress: run.progress });
  const report: ValidationReport = { regions: verdicts, ...(approval === undefined ? {} : { approval }) };
  const durationSeconds = Math.round((ctx.df.currentUtcDateTime.getTime() - run.started.getTime()) / 1000);
  return { ...output, promoted: true, status: publishOutcome({ promoted: true, failedRegions: [] }), durationSeconds, validation: report };
}
