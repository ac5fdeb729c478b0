import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import type { AppContext } from '../appContext';
import { createFindImageUsageActivity } from '../activities/findImageUsage';
import { createPruneDeleteVersionActivity } from '../activities/pruneDeleteVersion';
import { createPruneDeprecateVersionsActivity } from '../activities/pruneDeprecateVersions';
import { createPruneGallerySharingActivity } from '../activities/pruneGallerySharing';
import { planPrune } from '../activities/prunePlan';
import * as contracts from '../contracts';
import { registerActivity, registerOrchestrator } from '../durable/register';
import { pruneImageOrchestrator } from '../orchestrators/pruneImage';
import { createPruneImageHttpHandler } from '../triggers/pruneImageHttp';
import { createScheduledPruneHandler } from '../triggers/pruneSchedule';
import { withApiErrors } from '../triggers/http/withApiErrors';

/** Safe lifecycle (issue 8): the `prune-<image>` orchestration, its activities, the HTTP route and the timer. */
export function registerPrune(app: AppContext): void {
  registerOrchestrator(contracts.pruneImage, pruneImageOrchestrator);
  registerActivity(contracts.readGallerySharing, createPruneGallerySharingActivity(app.ports));
  registerActivity(contracts.findImageUsage, createFindImageUsageActivity(app.ports));
  registerActivity(contracts.planPrune, planPrune);
  registerActivity(contracts.deprecateImageVersions, createPruneDeprecateVersionsActivity(app.ports));
  registerActivity(contracts.deleteImageVersionIfUnused, createPruneDeleteVersionActivity(app.ports));

  const handleHttp = createPruneImageHttpHandler(app);
  functionsApp.http('startPrune', {
    route: 'images/{image}/prune',
    methods: ['POST'],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => handleHttp(request, df.getClient(context), context)),
  });

  const handleTimer = createScheduledPruneHandler(app);
  functionsApp.timer('scheduledPrune', {
    schedule: '%PRUNE_SCHEDULE%',
    extraInputs: [df.input.durableClient()],
    handler: async (timer, context) => {
      await handleTimer(timer, df.getClient(context), context);
    },
  });
}
