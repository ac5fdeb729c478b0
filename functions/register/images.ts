import * as df from 'durable-functions';
import { app as functionsApp } from '@azure/functions';
import type { AppContext } from '../appContext';
import { createListImagesHandler } from '../triggers/listImages';
import { withApiErrors } from '../triggers/http/withApiErrors';

export function registerImages(app: AppContext): void {
  const handle = createListImagesHandler({ ...app, ports: { ...app.ports, ...app.ports.routes } });
  functionsApp.http('listImages', {
    route: 'images',
    methods: ['GET'],
    authLevel: 'function',
    extraInputs: [df.input.durableClient()],
    handler: withApiErrors((request, context) => handle(request, df.getClient(context), context)),
  });
}
