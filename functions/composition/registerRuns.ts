import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import { createClaimRunActivity } from '../activities/claimRun';
import { createRecordRunEndActivity } from '../activities/recordRunEnd';
import * as contracts from '../contracts';
import { createCancelRunHandler } from '../triggers/cancelRun';
import { createGetImageHandler } from '../triggers/getImage';
import { createGetRunHandler } from '../triggers/getRun';
import { createListRunsHandler } from '../triggers/listRuns';
import { createPurgeRunHistoryHandler, PURGE_SCHEDULE } from '../triggers/purgeRunHistory';
import type { AppContext } from './appContext';
import { registerDurableRoute } from './registerRoute';
import { registerActivity } from './registerDurable';

/**
 * The run history (docs/operations.md#run-history): the activities orchestrations record their runs with, the routes
 * that list, read and cancel runs and read one image, and the purge timer.
 */
export function registerRuns(app: AppContext): void {
  registerActivity(contracts.recordRunEnd, createRecordRunEndActivity(app.ports));
  registerActivity(contracts.claimRun, createClaimRunActivity(app.ports));

  const listRuns = createListRunsHandler(app);
  registerDurableRoute({ name: 'listRuns', route: 'runs', method: 'GET', role: 'Reader', query: ['image', 'kind', 'status', 'top', 'next'] }, listRuns);
  const getRun = createGetRunHandler(app);
  registerDurableRoute({ name: 'getRun', route: 'runs/{runId}', method: 'GET', role: 'Reader' }, getRun);
  const cancelRun = createCancelRunHandler(app);
  registerDurableRoute({ name: 'cancelRun', route: 'runs/{runId}/cancel', method: 'POST', role: 'Operator' }, cancelRun);
  // ARM reads through the routes' short Retry-After cap, like GET /api/images.
  const getImage = createGetImageHandler({ ...app, ports: { ...app.ports, ...app.ports.routes } });
  registerDurableRoute({ name: 'getImage', route: 'images/{image}', method: 'GET', role: 'Reader' }, getImage);
  const purge = createPurgeRunHistoryHandler(app);
  functionsApp.timer('purgeRunHistory', {
    schedule: PURGE_SCHEDULE,
    extraInputs: [df.input.durableClient()],
    handler: async (timer, context) => {
      await purge(timer, df.getClient(context), context);
    },
  });
}
