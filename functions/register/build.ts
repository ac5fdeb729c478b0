import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import type { AppContext } from '../appContext';
import * as contracts from '../contracts';
import { withFailedProgress } from '../durable/progress';
import { registerOrchestrator } from '../durable/register';
import { withBuildNotifications } from '../notifications/withBuildNotifications';
import { buildImageOrchestrator } from '../orchestrators/buildImage';
import { createStartBuildHandler } from '../triggers/startBuild';
import { withApiErrors } from '../triggers/http/withApiErrors';

export function registerBuild(app: AppContext): void {
  const handle = createStartBuildHandler(app);
  registerOrchestrator(contracts.buildImage, withBuildNotifications(withFailedProgress(buildImageOrchestrator)));
  functionsApp.http('startBuild', {
    route: 'images/{image}/builds',
    methods: ['POST'],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => handle(request, df.getClient(context), context)),
  });
}
