/**
 * Runtime statuses in which an instance ID is taken: a start is refused and the sweeper keeps its build VM
 * (host.json: overridableExistingInstanceStates NonRunningStates). The one list every caller uses.
 */
export const RUNNING_STATES: readonly string[] = ['Running', 'Pending', 'ContinuedAsNew', 'Suspended'];

export function isRunningStatus(runtimeStatus: unknown): boolean {
  return RUNNING_STATES.includes(String(runtimeStatus));
}
