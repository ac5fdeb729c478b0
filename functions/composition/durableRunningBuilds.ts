import type * as df from 'durable-functions';
import type { RunningBuilds } from '../../shared/ports/runningBuilds';
import { isProgress } from '../durable/progress';
import { isRunningStatus } from '../durable/runtimeStatus';

/** The sweeper's view of Durable: a build ID counts as running while its instance runs and reports that ID. */
export function durableRunningBuilds(client: Pick<df.DurableClient, 'getStatus'>): RunningBuilds {
  return {
    async runningBuildId(instanceId) {
      let status: df.DurableOrchestrationStatus;
      try {
        status = await client.getStatus(instanceId);
      } catch (error) {
        if (error instanceof Error && /\b404\b/.test(error.message)) return null;
        throw error;
      }
      if (!isRunningStatus(status.runtimeStatus)) return null;
      const custom = status.customStatus;
      return isProgress(custom) && custom.buildId !== undefined ? custom.buildId : null;
    },
  };
}
