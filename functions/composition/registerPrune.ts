import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import { createDeleteImageVersionIfUnusedActivity } from '../activities/deleteImageVersionIfUnused';
import { createDeprecateImageVersionsActivity } from '../activities/deprecateImageVersions';
import { createFindImageUsageActivity } from '../activities/findImageUsage';
import { planPrune } from '../activities/planPrune';
import { createReadGallerySharingActivity } from '../activities/readGallerySharing';
import * as contracts from '../contracts';
import { withCancelledProgress } from '../durable/progress';
import { pruneImageOrchestrator } from '../orchestrators/pruneImage';
import { createScheduledPruneHandler } from '../triggers/scheduledPrune';
import { createStartPruneHandler } from '../triggers/startPrune';
import type { AppContext } from './appContext';
import { registerDurableRoute } from './registerRoute';
import { withRunRecord } from '../orchestrators/withRunRecord';
import { registerActivity, registerOrchestrator } from './registerDurable';

/** Safe lifecycle: the `pruneImage` orchestration, its activities, the HTTP route and the timer. */
export function registerPrune(app: AppContext): void {
  registerOrchestrator(contracts.pruneImage, withRunRecord(withCancelledProgress(pruneImageOrchestrator)));
  registerActivity(contracts.readGallerySharing, createReadGallerySharingActivity(app.ports));
  registerActivity(contracts.findImageUsage, createFindImageUsageActivity(app.ports));
  registerActivity(contracts.planPrune, planPrune);
  registerActivity(contracts.deprecateImageVersions, createDeprecateImageVersionsActivity(app.ports));
  registerActivity(contracts.deleteImageVersionIfUnused, createDeleteImageVersionIfUnusedActivity(app.ports));

  const handleHttp = createStartPruneHandler(app);
  registerDurableRoute({ name: 'startPrune', route: 'images/{image}/prune', method: 'POST', role: 'Operator', elevated: { role: 'Admin', when: 'dryRun=false, to apply' }, query: ['dryRun'] }, handleHttp);

  const handleTimer = createScheduledPruneHandler(app);
  functionsApp.timer('scheduledPrune', {
    schedule: '%PRUNE_SCHEDULE%',
    extraInputs: [df.input.durableClient()],
    handler: async (timer, context) => {
      await handleTimer(timer, df.getClient(context), context);
    },
  });
}
