import { errorCode } from '../errorSummary';
import type { RunError, RunStatus } from './runRecord';

/** What a finished orchestration's output says about its run: builds and captures report `status: Degraded`. */
export function statusOfOutput(output: unknown): Extract<RunStatus, 'Completed' | 'Degraded'> {
  return typeof output === 'object' && output !== null && 'status' in output && output.status === 'Degraded' ? 'Degraded' : 'Completed';
}

/** An event capture learns its image from the VM's tag: the output names it. */
export function imageOfOutput(output: unknown): string | undefined {
  return typeof output === 'object' && output !== null && 'image' in output && typeof output.image === 'string' && output.image !== '' ? output.image : undefined;
}

export function versionOfOutput(output: unknown): string | undefined {
  return typeof output === 'object' && output !== null && 'version' in output && typeof output.version === 'string' ? output.version : undefined;
}

/** What a run that returned `output` records at its end: Completed or Degraded, the version it made, an event capture's image. */
export function endOfOutput(output: unknown): { status: Extract<RunStatus, 'Completed' | 'Degraded'>; version?: string; image?: string } {
  const version = versionOfOutput(output);
  const image = imageOfOutput(output);
  return { status: statusOfOutput(output), ...(version === undefined ? {} : { version }), ...(image === undefined ? {} : { image }) };
}

/** A failure's record: its leading code (`CANCELLED`, `STEP_FAILED`, …), its message, the step it happened in. */
export function runErrorOf(message: string, step: string | undefined): RunError {
  const code = errorCode(message) ?? 'FAILED';
  return { code, message: message.slice(0, 2000), ...(step === undefined ? {} : { step }) };
}

/** A run that failed because someone cancelled it ended `Cancelled`, not `Failed`. */
export function statusOfFailure(error: RunError): Extract<RunStatus, 'Failed' | 'Cancelled'> {
  return error.code === 'CANCELLED' ? 'Cancelled' : 'Failed';
}

/**
 * A run's status from its Durable instance, for records the orchestration could not finish itself (it was terminated
 * through the raw Durable API, or the store was down when it ended). Null while Durable knows nothing of it.
 */
export function statusFromDurable(runtimeStatus: string | undefined, output: unknown): RunStatus | null {
  switch (runtimeStatus) {
    case 'Pending':
      return 'Pending';
    case 'Running':
    case 'ContinuedAsNew':
    case 'Suspended':
      return 'Running';
    case 'Completed':
      return statusOfOutput(output);
    case 'Terminated':
    case 'Canceled':
      return 'Cancelled';
    case 'Failed':
      // Durable wraps the orchestration's message ("Orchestrator function 'x' failed: CANCELLED: …"), so search it.
      return typeof output === 'string' && /\bCANCELLED:/.test(output) ? 'Cancelled' : 'Failed';
    default:
      return null;
  }
}
