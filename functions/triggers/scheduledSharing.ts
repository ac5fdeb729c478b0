import type { InvocationContext, Timer } from '@azure/functions';
import type { StartClient } from './http/startedResponse';
import { startSharingRun, type SharingApp } from './sharingInput';

/**
 * `scheduledSharing` (on `%PRUNE_SCHEDULE%`, the nightly lifecycle window): one applied sharing run, so sharing
 * changed by hand drifts back to the catalog overnight. A sharing run still going counts as success.
 */
export function createScheduledSharingHandler(app: SharingApp) {
  return async (_timer: Timer, client: StartClient, context: InvocationContext): Promise<string> => {
    const outcome = await startSharingRun(app, client, true, 'schedule');
    context.log(outcome.started ? `scheduledSharing: started ${outcome.instanceId}` : `scheduledSharing: ${outcome.instanceId} is already ${outcome.runtimeStatus}`);
    return outcome.instanceId;
  };
}
