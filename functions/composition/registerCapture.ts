import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import * as contracts from '../contracts';
import { withCancelledProgress, withFailedProgress } from '../durable/progress';
import { captureFromEventOrchestrator } from '../orchestrators/captureFromEvent';
import { captureImageOrchestrator } from '../orchestrators/captureImage';
import { createStartCaptureHandler } from '../triggers/startCapture';
import { createVmGeneralizedHandler } from '../triggers/vmGeneralized';
import type { AppContext } from './appContext';
import { registerDurableRoute } from './registerRoute';
import { withRunRecord } from '../orchestrators/withRunRecord';
import { registerOrchestrator } from './registerDurable';

/** Captures: capture runs from `POST /api/captures`, and from a VM generalize event (Event Grid). */
export function registerCapture(app: AppContext): void {
  registerOrchestrator(contracts.captureImage, withRunRecord(withFailedProgress(captureImageOrchestrator)));
  registerOrchestrator(contracts.captureFromEvent, withRunRecord(withCancelledProgress(captureFromEventOrchestrator)));

  // A person waits on the route: it reads ARM through the short Retry-After cap.
  const handle = createStartCaptureHandler({ ...app, ports: { ...app.ports, ...app.ports.routes } });
  registerDurableRoute({ name: 'startCapture', route: 'captures', method: 'POST', role: 'Operator' }, handle);

  const handleEvent = createVmGeneralizedHandler(app);
  functionsApp.eventGrid('vmGeneralized', {
    extraInputs: [df.input.durableClient()],
    handler: async (event, context) => {
      await handleEvent(event, df.getClient(context), context);
    },
  });
}
