import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import { createClaimRunActivity } from '../activities/claimRun';
import { createRecordRunEndActivity } from '../activities/recordRunEnd';
import * as contracts from '../contracts';
import { createCancelRunHandler } from '../triggers/cancelRun';
import { createGetImageHandler } from '../triggers/getImage';
import { createGetRunHandler } from '../triggers/getRun';
import { withApiErrors } from '../triggers/http/withApiErrors';
import { createListRunsHandler } from '../triggers/listRuns';
import { createPurgeRunHistoryHandler, PURGE_SCHEDULE } from '../triggers/purgeRunHistory';
import type { AppContext } from './appContext';
import { registerActivity } from './registerDurable';

/**
 * The run history (docs/operations.md#run-history): the activities orchestrations record their runs with, the routes
 * that list, read and cancel runs and read one image, and the purge timer.
 */
export function registerRuns(app: AppContext): void {
  registerActivity(contracts.recordRunEnd, createRecordRunEndActivity(app.ports));
  registerActivity(contracts.claimRun, createClaimRunActivity(app.ports));

  const listRuns = createListRunsHandler(app);
  functionsApp.http('listRuns', {
    route: 'runs',
    methods: ['GET'],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => listRuns(request, df.getClient(context), context)),
  });
  const getRun = createGetRunHandler(app);
  functionsApp.http('getRun', {
    route: 'runs/{runId}',
    methods: ['GET'],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => getRun(request, df.getClient(context), context)),
  });
  const cancelRun = createCancelRunHandler(app);
  functionsApp.http('cancelRun', {
    route: 'runs/{runId}/cancel',
    methods: ['POST'],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => cancelRun(request, df.getClient(context), context)),
  });
  // ARM reads through the routes' short Retry-After cap, like GET /api/images.
  const getImage = createGetImageHandler({ ...app, ports: { ...app.ports, ...app.ports.routes } });
  functionsApp.http('getImage', {
    route: 'images/{image}',
    methods: ['GET'],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => getImage(request, df.getClient(context), context)),
  });
  const purge = createPurgeRunHistoryHandler(app);
  functionsApp.timer('purgeRunHistory', {
    schedule: PURGE_SCHEDULE,
    extraInputs: [df.input.durableClient()],
    handler: async (timer, context) => {
      await purge(timer, df.getClient(context), context);
    },
  });
}
