import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import type { AppContext } from '../appContext';
import * as contracts from '../contracts';
import { withFailedProgress } from '../durable/progress';
import { registerOrchestrator } from '../durable/register';
import { captureImageOrchestrator } from '../orchestrators/captureImage';
import { createStartCaptureHandler } from '../triggers/startCapture';
import { withApiErrors } from '../triggers/http/withApiErrors';

export function registerCapture(app: AppContext): void {
  const handle = createStartCaptureHandler({ ...app, ports: { ...app.ports, ...app.ports.routes } });
  registerOrchestrator(contracts.captureImage, withFailedProgress(captureImageOrchestrator));
  functionsApp.http('startCapture', {
    route: 'captures',
    methods: ['POST'],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => handle(request, df.getClient(context), context)),
  });
}
