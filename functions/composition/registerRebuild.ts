import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import { planRebuildRun } from '../activities/planRebuildRun';
import { createReadRebuildImageStateActivity } from '../activities/readRebuildImageState';
import { createRecordBuildOutcomeActivity } from '../activities/recordBuildOutcome';
import { createResolveRebuildBaseActivity } from '../activities/resolveRebuildBase';
import * as contracts from '../contracts';
import { withCancelledProgress } from '../durable/progress';
import { rebuildRunOrchestrator } from '../orchestrators/rebuildRun';
import { rebuildRunImageOrchestrator } from '../orchestrators/rebuildRunImage';
import { reconcileReplicationOrchestrator } from '../orchestrators/reconcileReplication';
import { createScheduledRebuildHandler } from '../triggers/scheduledRebuild';
import type { AppContext } from './appContext';
import { withRunRecord } from '../orchestrators/withRunRecord';
import { registerActivity, registerOrchestrator } from './registerDurable';

/** Hands-off rebuilds: the scheduled run, its per-image builds, replication reconciliation and the failure count. */
export function registerRebuild(app: AppContext): void {
  registerOrchestrator(contracts.rebuildRun, withRunRecord(withCancelledProgress(rebuildRunOrchestrator)));
  registerOrchestrator(contracts.rebuildRunImage, rebuildRunImageOrchestrator);
  registerOrchestrator(contracts.reconcileReplication, reconcileReplicationOrchestrator);
  registerActivity(contracts.readRebuildImageState, createReadRebuildImageStateActivity(app.ports));
  registerActivity(contracts.resolveRebuildBase, createResolveRebuildBaseActivity(app.ports));
  registerActivity(contracts.planRebuildRun, planRebuildRun);
  registerActivity(contracts.recordBuildOutcome, createRecordBuildOutcomeActivity(app.ports));

  const handleTimer = createScheduledRebuildHandler(app);
  functionsApp.timer('scheduledRebuild', {
    schedule: '%REBUILD_SCHEDULE%',
    extraInputs: [df.input.durableClient()],
    handler: async (timer, context) => {
      await handleTimer(timer, df.getClient(context), context);
    },
  });
}
