import type * as df from 'durable-functions';
import type { RegionVerdict, ValidateRegionInput } from '../contracts';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { shielded } from '../durable/cancellation';
import { pollUntil } from '../durable/pollUntil';
import { setProgress } from '../durable/progress';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { errorText, innerErrorMessage } from '../../shared/domain/errorSummary';
import type { StepTails } from '../../shared/domain/outputTail';
import { quoted } from '../../shared/domain/quoted';
import { customize, deleteVmAndWait } from './buildVmSteps';

type Ctx = df.OrchestrationContext;

/** What the region's run got to: whether its VM booted, each step's tails so far. */
interface RegionRun {
  booted: boolean;
  logs: StepTails[];
}

/** ARM runs a run command for 60 s at least; a step never gets less, even when the budget is nearly spent. */
const MIN_STEP_SECONDS = 60;

function secondsLeft(ctx: Ctx, deadlineMs: number): number {
  return Math.max(0, Math.floor((deadlineMs - ctx.df.currentUtcDateTime.getTime()) / 1000));
}

/** `STEP_FAILED: customization step "x" ended Failed (exit code 3): tail` → `ended Failed (exit code 3): tail`. */
function stepOutcome(error: unknown): string {
  return innerErrorMessage(errorText(error)).replace(/^STEP_FAILED: customization step "[^"]*" /, '');
}

/**
 * The step a failure belongs to: customize records a step's tails before it throws that step's STEP_FAILED; any
 * other failure after the boot (the step's poll timed out) is the step after the last recorded one. Null: before any step.
 */
function failedStep(input: ValidateRegionInput, run: RegionRun, error: unknown): string | null {
  if (/^STEP_FAILED: /.test(innerErrorMessage(errorText(error)))) return run.logs[run.logs.length - 1]?.step ?? null;
  return run.booted ? (input.steps[run.logs.length]?.name ?? null) : null;
}

/** Boots the test VM from the version and runs the steps through the build's run-command path; throws on the first failure. */
function* bootAndCheck(ctx: Ctx, input: ValidateRegionInput, vmId: string, deadlineMs: number, run: RegionRun): Generator<df.Task, void, unknown> {
  const progress = (step: string, detail: string, percent: number) => setProgress(ctx, { step, detail, percent });
  progress('boot', `waiting for test VM ${input.vmName} in ${input.region}`, 10);
  const booted = yield* pollUntil(ctx, {
    firstReadAfterSeconds: input.polling.minSeconds,
    read: () => callActivity(ctx, contracts.readVm, { vmId }),
    isDone: (r) => !r.exists || r.vm.provisioningState === 'Succeeded' || r.vm.provisioningState === 'Failed',
    polling: input.polling,
    timeoutSeconds: Math.max(1, secondsLeft(ctx, deadlineMs)),
    what: `boot of test VM ${input.vmName} in ${input.region}`,
  });
  if (!booted.exists) throw new Error(`test VM ${input.vmName} disappeared while booting`);
  if (booted.vm.provisioningState !== 'Succeeded') throw new Error(`test VM ${input.vmName} did not boot (provisioning state ${booted.vm.provisioningState})`);

  run.booted = true;
  const budget = Math.max(MIN_STEP_SECONDS, secondsLeft(ctx, deadlineMs));
  const steps = input.steps.map((step) => ({ ...step, timeoutSeconds: Math.min(step.timeoutSeconds, budget) }));
  yield* customize(ctx, vmId, { image: { customization: steps, definition: { osType: input.osType } }, gallery: { location: input.region }, polling: input.polling }, progress, run.logs, input.logTarget);
}

/**
 * One region of the validation gate, a sub-orchestration so regions run in parallel: create a test VM from the exact
 * version → wait until it booted → the validation steps → delete the VM on every path (the sweeper finds one a killed
 * host left: it carries the build's tags). Everything but the cleanup that goes wrong is the region's verdict, never a
 * throw: a version whose test VM cannot boot is not fit to become latest either.
 */
export function* validateRegionOrchestrator(ctx: Ctx, input: ValidateRegionInput): Generator<df.Task, RegionVerdict, unknown> {
  const log = replaySafeLogger(ctx);
  const deadlineMs = ctx.df.currentUtcDateTime.getTime() + input.timeoutMinutes * 60_000;
  const run: RegionRun = { booted: false, logs: [] };
  let vmId: string | null = null;
  let verdict: RegionVerdict;
  try {
    setProgress(ctx, { step: 'create-vm', detail: `creating test VM ${input.vmName} in ${input.region} from ${input.versionId}`, percent: 5 });
    const created = yield* callActivity(ctx, contracts.createBuildVm, {
      subscriptionId: input.subscriptionId,
      resourceGroup: input.resourceGroup,
      name: input.vmName,
      location: input.region,
      vmSize: input.vmSize,
      subnetId: input.subnetId,
      osType: input.osType,
      image: { type: 'gallery', imageId: input.versionId },
      tags: input.tags,
      security: input.security ?? null,
      ...(input.identity === undefined ? {} : { identity: input.identity }),
    });
    vmId = created.vmId;
    yield* bootAndCheck(ctx, input, created.vmId, deadlineMs, run);
    verdict =
      ctx.df.currentUtcDateTime.getTime() > deadlineMs
        ? { region: input.region, passed: false, step: null, message: `did not finish within ${input.timeoutMinutes} minutes`, steps: run.logs }
        : { region: input.region, passed: true, steps: run.logs };
  } catch (error) {
    verdict = { region: input.region, passed: false, step: failedStep(input, run, error), message: stepOutcome(error), steps: run.logs };
  } finally {
    if (vmId !== null) {
      const id = vmId;
      yield* shielded(ctx, function* () {
        setProgress(ctx, { step: 'cleanup', detail: `deleting test VM ${input.vmName}`, percent: 95 });
        try {
          yield* deleteVmAndWait(ctx, id, input.polling);
        } catch (error) {
          // The verdict stands; the sweeper retries the delete (the VM carries the build's tags).
          log.error(`cleanup of test VM ${input.vmName} failed: ${quoted(error, 500)}`);
        }
      });
    }
  }
  setProgress(ctx, { step: 'done', detail: verdict.passed ? `passed in ${input.region}` : `failed in ${input.region}`, percent: 100 });
  return verdict;
}
