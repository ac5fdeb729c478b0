import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import { planSharing } from '../activities/planSharing';
import { createReadSharingStateActivity } from '../activities/readSharingState';
import { createUpdateGallerySharingActivity } from '../activities/updateGallerySharing';
import { createWriteReaderAssignmentActivity } from '../activities/writeReaderAssignment';
import * as contracts from '../contracts';
import { withCancelledProgress } from '../durable/progress';
import { reconcileSharingOrchestrator } from '../orchestrators/reconcileSharing';
import { withRunRecord } from '../orchestrators/withRunRecord';
import { createScheduledSharingHandler } from '../triggers/scheduledSharing';
import { createStartSharingHandler } from '../triggers/startSharing';
import type { AppContext } from './appContext';
import { registerActivity, registerOrchestrator } from './registerDurable';
import { registerDurableRoute } from './registerRoute';

/** Sharing (docs/sharing.md): the `reconcileSharing` orchestration, its read, plan and writes, the route and the timer. */
export function registerSharing(app: AppContext): void {
  registerOrchestrator(contracts.reconcileSharing, withRunRecord(withCancelledProgress(reconcileSharingOrchestrator)));
  registerActivity(contracts.readSharingState, createReadSharingStateActivity(app.ports));
  registerActivity(contracts.planSharing, planSharing);
  registerActivity(contracts.writeReaderAssignment, createWriteReaderAssignmentActivity(app.ports));
  registerActivity(contracts.updateGallerySharing, createUpdateGallerySharingActivity(app.ports));

  registerDurableRoute({ name: 'startSharing', route: 'sharing', method: 'POST', role: 'Operator', elevated: { role: 'Admin', when: 'apply: true, to change the sharing' } }, createStartSharingHandler(app));

  const handleTimer = createScheduledSharingHandler(app);
  functionsApp.timer('scheduledSharing', {
    schedule: '%PRUNE_SCHEDULE%',
    extraInputs: [df.input.durableClient()],
    handler: async (timer, context) => {
      await handleTimer(timer, df.getClient(context), context);
    },
  });
}
