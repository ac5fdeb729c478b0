import type * as df from 'durable-functions';

export interface FinishedCapture {
  image: string;
  version: string;
}

/**
 * The capture a capture run finished with, if it Completed with a version. Such a record is final: Event Grid
 * redelivers for a day, so every start of a capture asks this of the run the VM's capture key names first. A Failed,
 * Cancelled or Terminated capture, or one that ended ignored, may run again as a new run.
 */
export function finishedCapture(status: df.DurableOrchestrationStatus | undefined): FinishedCapture | undefined {
  if (status === undefined || String(status.runtimeStatus) !== 'Completed') return undefined;
  const output: unknown = status.output;
  if (typeof output !== 'object' || output === null) return undefined;
  const { image, version } = output as { image?: unknown; version?: unknown };
  if (typeof version !== 'string' || version === '') return undefined;
  return { image: typeof image === 'string' ? image : '', version };
}
