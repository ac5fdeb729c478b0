import type { InvocationContext, Timer } from '@azure/functions';
import type { StartClient } from './http/startedResponse';
import { startPolicyScan, type PolicyTriggerDeps } from './startPolicyScan';

/** Timer `scheduledPolicyScan` (`%POLICY_SCAN_SCHEDULE%`): every firing starts a new scan run; scans take no lock (docs/operations.md#one-run-per-image-at-a-time). */
export function createScheduledPolicyScanHandler(deps: PolicyTriggerDeps) {
  return async (timer: Timer, client: StartClient, context: InvocationContext): Promise<void> => {
    const { instanceId, outcome } = await startPolicyScan(client, deps, 'schedule');
    context.log(`${outcome.started ? 'started' : 'already running:'} ${instanceId}${timer.isPastDue ? ' (past due)' : ''}`);
  };
}
