
import { createListImagesHandler } from '../triggers/listImages';
import { createResumeImageHandler } from '../triggers/resumeImage';
import type { AppContext } from './appContext';
import { registerDurableRoute, registerRoute } from './registerRoute';

/** `GET /api/images` and `POST /api/images/{image}/resume`: both read ARM through the routes' short Retry-After cap. */
export function registerImages(app: AppContext): void {
  const handle = createListImagesHandler({ ...app, ports: { ...app.ports, ...app.ports.routes } });
  registerDurableRoute({ name: 'listImages', route: 'images', method: 'GET', role: 'Reader' }, handle);
  const resume = createResumeImageHandler({ ...app, ports: { ...app.ports, gallery: app.ports.routes.gallery } });
  registerRoute({ name: 'resumeImage', route: 'images/{image}/resume', method: 'POST', role: 'Operator' }, resume);
}
