import type * as df from 'durable-functions';
import type { CustomizationStep, OsType } from '../../shared/domain/catalog';
import * as contracts from '../contracts';
import type { ReadVmOutput, VmView } from '../contracts';
import type { RunCommandSpec, RunCommandView } from '../../shared/ports/computePort';
import { stepLogBlobs, stepLogRef, type StepLogTarget } from '../../shared/domain/stepLogs';
import { stepTails, type StepTails } from '../../shared/domain/outputTail';
import { callActivity } from '../durable/callActivity';
import { nextReadAt, pollUntil, type PollingSettings } from '../durable/pollUntil';
import { cancellableTimer } from '../durable/cancellation';
import { windowsUpdateStep } from './windowsUpdateStep';

const VM_TIMEOUT_SECONDS = 3600;

/** The guest deprovisioning commands Azure VM Image Builder runs; both end by shutting the VM down. */
export function generalizeScript(osType: OsType): string[] {
  return osType === 'Windows'
    ? ['& $env:SystemRoot\\System32\\Sysprep\\Sysprep.exe /oobe /generalize /quiet /shutdown /mode:vm']
    : ['waagent -force -deprovision+user && shutdown -h now'];
}

// Single-quoted literals in each shell; the catalog is trusted, but a quote in a URL must not end the string.
const shQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const psQuote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * A file step: download to a temporary file, check the catalog's sha256 in the guest (a mismatch fails the step and
 * leaves nothing at the destination), then move it into place.
 */
function fileScript(step: CustomizationStep, osType: OsType): string[] {
  const source = step.source ?? '';
  const destination = step.destination ?? '';
  const sha256 = step.sha256 ?? '';
  if (osType === 'Windows') {
    return [
      `$ErrorActionPreference = 'Stop'`,
      `$f = Join-Path $env:TEMP 'autopilot-file.download'`,
      `Invoke-WebRequest -UseBasicParsing -Uri ${psQuote(source)} -OutFile $f`,
      `if ((Get-FileHash $f -Algorithm SHA256).Hash -ne '${sha256}') { Remove-Item $f; throw ${psQuote(`sha256 mismatch for ${source}`)} }`,
      `New-Item -ItemType Directory -Force -Path (Split-Path -Parent ${psQuote(destination)}) | Out-Null`,
      `Move-Item -Force $f ${psQuote(destination)}`,
    ];
  }
  return [
    'set -e',
    'f=$(mktemp)',
    `curl -fsSL ${shQuote(source)} -o "$f"`,
    `echo "${sha256}  $f" | sha256sum -c - >/dev/null || { echo ${shQuote(`sha256 mismatch for ${source}`)} >&2; rm -f "$f"; exit 1; }`,
    `mkdir -p "$(dirname ${shQuote(destination)})"`,
    `mv "$f" ${shQuote(destination)}`,
  ];
}

/** A step's script: inline lines, a download verified against the catalog's sha256 before it runs, or a file step. */
export function stepScript(step: CustomizationStep, osType: OsType): string[] {
  if (step.type === 'file') return fileScript(step, osType);
  if (step.inline !== undefined) return step.inline;
  const uri = step.scriptUri ?? '';
  if (step.type === 'powershell') {
    return [
      `$f = Join-Path $env:TEMP 'autopilot-step.ps1'`,
      `Invoke-WebRequest -UseBasicParsing -Uri ${psQuote(uri)} -OutFile $f`,
      ...(step.sha256 ? [`if ((Get-FileHash $f -Algorithm SHA256).Hash -ne '${step.sha256}') { throw 'sha256 mismatch' }`] : []),
      '& $f',
    ];
  }
  return [
    'set -e',
    `curl -fsSL ${shQuote(uri)} -o /tmp/autopilot-step.sh`,
    ...(step.sha256 ? [`echo '${step.sha256}  /tmp/autopilot-step.sh' | sha256sum -c -`] : []),
    'bash /tmp/autopilot-step.sh',
  ];
}

export function* waitForVm(
  ctx: df.OrchestrationContext,
  vmId: string,
  polling: PollingSettings,
  what: string,
  isDone: (vm: VmView) => boolean,
  options: { timeoutSeconds?: number; read?: () => Generator<df.Task, ReadVmOutput, unknown> } = {},
): Generator<df.Task, VmView, unknown> {
  const timeoutSeconds = options.timeoutSeconds ?? VM_TIMEOUT_SECONDS;
  // Every caller has just started the operation it waits for, so the first read waits one poll interval.
  const result = yield* pollUntil(ctx, {
    firstReadAfterSeconds: polling.minSeconds,
    read: options.read ?? (() => callActivity(ctx, contracts.readVm, { vmId })),
    // A VM that is gone ends the wait at once (NOT_FOUND below) instead of polling it until the timeout.
    isDone: (r) => !r.exists || isDone(r.vm) || r.vm.provisioningState === 'Failed',
    polling,
    timeoutSeconds,
    what,
  });
  if (!result.exists) throw new Error(`NOT_FOUND: VM ${vmId} disappeared while waiting for ${what}`);
  if (result.vm.provisioningState === 'Failed' && !isDone(result.vm)) {
    throw new Error(`OPERATION_FAILED: VM ${result.vm.name} is in provisioning state Failed while waiting for ${what}`);
  }
  return result.vm;
}

/**
 * After the deallocate was sent: ARM generalizes only a VM that is off (stopped or deallocated, not deallocating), so
 * after one poll interval the generalize itself is tried instead of a read of the power state; only its refusal
 * ("not yet") falls back to polling the deallocation. Generalizing twice is harmless, so a retried call is too, and
 * the VM cannot be running again: the guest shut itself down and the deallocate was sent.
 */
export function* generalizeWhenOff(ctx: df.OrchestrationContext, vmId: string, polling: PollingSettings, progress: () => void): Generator<df.Task, void, unknown> {
  const started = ctx.df.currentUtcDateTime.getTime();
  yield* cancellableTimer(ctx, new Date(nextReadAt(started, started, 0, polling.minSeconds)));
  progress();
  const tried = yield* callActivity(ctx, contracts.generalizeVm, { vmId, whenOff: true });
  if (tried?.status !== 'notOff') return;
  yield* waitForVm(ctx, vmId, polling, `deallocation of ${vmId}`, (vm) => vm.powerState === 'deallocated');
  yield* callActivity(ctx, contracts.generalizeVm, { vmId });
}

/** Runs one run command asynchronously and polls it until it ended; returns what it reported. */
export function* runStep(
  ctx: df.OrchestrationContext,
  req: { vmId: string; location: string; commandName: string; stepName: string; script: string[]; timeoutSeconds: number; polling: PollingSettings; outputBlobs?: RunCommandSpec['outputBlobs'] },
): Generator<df.Task, RunCommandView, unknown> {
  yield* callActivity(ctx, contracts.startRunCommand, {
    vmId: req.vmId,
    name: req.commandName,
    spec: {
      location: req.location,
      script: req.script,
      timeoutSeconds: req.timeoutSeconds,
      asyncExecution: true,
      ...(req.outputBlobs === undefined ? {} : { outputBlobs: req.outputBlobs }),
    },
  });
  return yield* pollUntil(ctx, {
    firstReadAfterSeconds: req.polling.minSeconds,
    read: () => callActivity(ctx, contracts.readRunCommand, { vmId: req.vmId, name: req.commandName }),
    isDone: (v) => ['Succeeded', 'Failed', 'TimedOut', 'Canceled'].includes(v.executionState) || v.provisioningState === 'Failed',
    polling: req.polling,
    timeoutSeconds: req.timeoutSeconds + 600,
    what: `customization step "${req.stepName}"`,
  });
}

/** A step that did not succeed: the error names the step and carries the end of its output. */
function stepFailure(stepName: string, view: RunCommandView): Error | null {
  if (view.executionState === 'Succeeded' && (view.exitCode === null || view.exitCode === 0)) return null;
  const tail = `${view.output}\n${view.error}`.trim().slice(-1000);
  return new Error(
    `STEP_FAILED: customization step "${stepName}" ended ${view.executionState}` +
      `${view.exitCode === null ? '' : ` (exit code ${view.exitCode})`}: ${tail}`,
  );
}

/**
 * A reboot through ARM, then the power state polled until the VM runs again, bounded by the step's timeout. The next
 * run command is accepted only by a running VM and runs once the guest agent picks it up, so it is where an agent that
 * never came back shows (as that step's timeout).
 */
function* restartStep(ctx: df.OrchestrationContext, vmId: string, step: CustomizationStep, polling: PollingSettings, timeoutSeconds = step.timeoutSeconds): Generator<df.Task, void, unknown> {
  yield* callActivity(ctx, contracts.restartVm, { vmId });
  yield* waitForVm(ctx, vmId, polling, `restart step "${step.name}"`, (vm) => vm.powerState === 'running' && vm.provisioningState === 'Succeeded', { timeoutSeconds });
}

/**
 * The catalog's customization steps on the build VM, one run command each, in order. Each step's exit code and
 * output tails are appended to `logs` as it ends, the failing one included, before its failure is thrown. With a
 * `logTarget`, each entry also links its full output (blobs the VM writes) or says why there is none.
 */
export function* customize(
  ctx: df.OrchestrationContext,
  vmId: string,
  build: { image: { customization: CustomizationStep[]; definition: { osType: OsType } }; gallery: { location: string }; polling: PollingSettings },
  progress: (step: string, detail: string, percent: number) => void,
  logs: StepTails[],
  logTarget?: StepLogTarget,
): Generator<df.Task, void, unknown> {
  const steps = build.image.customization;
  for (const [index, step] of steps.entries()) {
    const percent = 10 + Math.round((40 * index) / Math.max(1, steps.length));
    progress('customize', `step ${index + 1}/${steps.length}: ${step.name}`, percent);
    if (step.type === 'restart') {
      yield* restartStep(ctx, vmId, step, build.polling);
      logs.push({ step: step.name, exitCode: null, outputTail: 'restarted: the VM runs again', errorTail: '' });
      continue;
    }
    if (step.type === 'windowsUpdate') {
      const { entry, failure } = yield* windowsUpdateStep(ctx, step, `autopilot-step-${index + 1}`, {
        runRound: (commandName, script, timeoutSeconds) =>
          runStep(ctx, { vmId, location: build.gallery.location, commandName, stepName: step.name, script, timeoutSeconds, polling: build.polling }),
        restart: (timeoutSeconds) => restartStep(ctx, vmId, step, build.polling, timeoutSeconds),
        progress: (detail) => progress('customize', `step ${index + 1}/${steps.length}: ${step.name}, ${detail}`, percent),
      });
      const continued = failure !== null && step.continueOnError === true;
      // Its rounds are run commands of their own; their tails are kept together on this one entry, without blobs.
      const logged: StepTails = logTarget === undefined ? entry : { ...entry, log: { kind: 'inline', reason: 'a windowsUpdate step keeps the tails of its rounds, not log blobs' } };
      logs.push(continued ? { ...logged, continuedOnError: true } : logged);
      if (failure !== null && !continued) {
        progress('customize', `step ${index + 1}/${steps.length}: ${step.name} failed`, percent);
        throw failure;
      }
      continue;
    }
    const blobs = logTarget?.kind === 'blob' ? { ...stepLogBlobs(logTarget, index, step.name), clientId: logTarget.clientId } : undefined;
    const view = yield* runStep(ctx, {
      vmId,
      location: build.gallery.location,
      commandName: `autopilot-step-${index + 1}`,
      stepName: step.name,
      script: stepScript(step, build.image.definition.osType),
      timeoutSeconds: step.timeoutSeconds,
      polling: build.polling,
      ...(blobs === undefined ? {} : { outputBlobs: { outputBlobUri: blobs.outputLogUri, errorBlobUri: blobs.errorLogUri, clientId: blobs.clientId } }),
    });
    const failure = stepFailure(step.name, view);
    // A failure the recipe allows is kept on the step's entry, so the run shows it although the build goes on.
    const continued = failure !== null && step.continueOnError === true;
    const entry: StepTails = { ...stepTails(step.name, view), ...(logTarget === undefined ? {} : stepLogRef(logTarget, index, step.name)) };
    logs.push(continued ? { ...entry, continuedOnError: true } : entry);
    if (failure !== null && !continued) {
      // Shown once more so the status carries the failed step's tails too (when they fit).
      progress('customize', `step ${index + 1}/${steps.length}: ${step.name} failed`, percent);
      throw failure;
    }
  }
}

/** Always runs (try/finally in the orchestrators): starts the delete and waits until the VM is gone. */
export function* deleteVmAndWait(ctx: df.OrchestrationContext, vmId: string, polling: PollingSettings): Generator<df.Task, void, unknown> {
  const outcome = yield* callActivity(ctx, contracts.deleteVm, { vmId });
  if (outcome.status === 'alreadyGone') return;
  yield* pollUntil(ctx, {
    firstReadAfterSeconds: polling.minSeconds,
    read: () => callActivity(ctx, contracts.readVm, { vmId }),
    isDone: (r) => !r.exists,
    polling,
    timeoutSeconds: VM_TIMEOUT_SECONDS,
    what: `deletion of VM ${vmId}`,
  });
}
