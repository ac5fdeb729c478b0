import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import { withApiErrors } from '../triggers/http/withApiErrors';
import { createListImagesHandler } from '../triggers/listImages';
import { createResumeImageHandler } from '../triggers/resumeImage';
import type { AppContext } from './appContext';

/** `GET /api/images` and `POST /api/images/{image}/resume`: both read ARM through the routes' short Retry-After cap. */
export function registerImages(app: AppContext): void {
  const handle = createListImagesHandler({ ...app, ports: { ...app.ports, ...app.ports.routes } });
  functionsApp.http('listImages', {
    route: 'images',
    methods: ['GET'],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => handle(request, df.getClient(context), context)),
  });
  const resume = createResumeImageHandler({ ...app, ports: { ...app.ports, gallery: app.ports.routes.gallery } });
  functionsApp.http('resumeImage', {
    route: 'images/{image}/resume',
    methods: ['POST'],
    authLevel: 'function',
    handler: withApiErrors((request, context) => resume(request, context)),
  });
}
