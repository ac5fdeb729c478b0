import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import * as contracts from '../contracts';
import { withFailedProgress } from '../durable/progress';
import { withBuildNotifications } from '../orchestrators/notify/withBuildNotifications';
import { buildImageOrchestrator } from '../orchestrators/buildImage';
import { withApiErrors } from '../triggers/http/withApiErrors';
import { createStartBuildHandler } from '../triggers/startBuild';
import type { AppContext } from './appContext';
import { withRunRecord } from '../orchestrators/withRunRecord';
import { registerOrchestrator } from './registerDurable';

/** On-demand builds: `buildImage` (announcing its outcome) and `POST /api/images/{image}/builds`. */
export function registerBuild(app: AppContext): void {
  const handle = createStartBuildHandler(app);
  registerOrchestrator(contracts.buildImage, withRunRecord(withBuildNotifications(withFailedProgress(buildImageOrchestrator))));
  functionsApp.http('startBuild', {
    route: 'images/{image}/builds',
    methods: ['POST'],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => handle(request, df.getClient(context), context)),
  });
}
