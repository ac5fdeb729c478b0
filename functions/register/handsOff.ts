import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import type { AppContext } from '../appContext';
import { createReadRebuildImageStateActivity, createResolveRebuildBaseActivity } from '../activities/rebuildReads';
import { createRecordBuildOutcomeActivity } from '../activities/rebuildFailures';
import { planRebuildRun } from '../activities/rebuildRunPlan';
import * as contracts from '../contracts';
import { registerActivity, registerOrchestrator } from '../durable/register';
import { durableRunningBuilds } from '../durable/runningBuilds';
import { captureFromEventOrchestrator } from '../orchestrators/captureFromEvent';
import { rebuildRunOrchestrator } from '../orchestrators/rebuildRun';
import { rebuildRunImageOrchestrator } from '../orchestrators/rebuildRunImage';
import { reconcileReplicationOrchestrator } from '../orchestrators/reconcileReplication';
import { createScheduledRebuildHandler } from '../triggers/scheduledRebuild';
import { createVmGeneralizedHandler } from '../triggers/vmGeneralized';

/** Hands-off (issue 7): the scheduled rebuild run, its per-image orchestrations, and event-triggered captures. */
export function registerHandsOff(app: AppContext): void {
  registerOrchestrator(contracts.rebuildRun, rebuildRunOrchestrator);
  registerOrchestrator(contracts.rebuildRunImage, rebuildRunImageOrchestrator);
  registerOrchestrator(contracts.reconcileReplication, reconcileReplicationOrchestrator);
  registerOrchestrator(contracts.captureFromEvent, captureFromEventOrchestrator);
  registerActivity(contracts.readRebuildImageState, createReadRebuildImageStateActivity(app.ports));
  registerActivity(contracts.resolveRebuildBase, createResolveRebuildBaseActivity(app.ports));
  registerActivity(contracts.planRebuildRun, planRebuildRun);
  registerActivity(contracts.recordBuildOutcome, createRecordBuildOutcomeActivity({ gallery: app.ports.gallery, definitionTags: app.ports.handsOff.definitionTags }));

  const handleTimer = createScheduledRebuildHandler(app);
  functionsApp.timer('scheduledRebuild', {
    schedule: '%REBUILD_SCHEDULE%',
    extraInputs: [df.input.durableClient()],
    handler: async (timer, context) => {
      const client = df.getClient(context);
      await handleTimer(timer, client, context, durableRunningBuilds(client));
    },
  });

  const handleEvent = createVmGeneralizedHandler(app);
  functionsApp.eventGrid('vmGeneralized', {
    extraInputs: [df.input.durableClient()],
    handler: async (event, context) => {
      await handleEvent(event, df.getClient(context), context);
    },
  });
}
