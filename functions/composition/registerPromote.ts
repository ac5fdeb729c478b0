
import * as contracts from '../contracts';
import { withFailedProgress } from '../durable/progress';
import { promoteVersionOrchestrator } from '../orchestrators/promoteVersion';
import { createStartPromoteHandler } from '../triggers/startPromote';
import type { AppContext } from './appContext';
import { registerDurableRoute } from './registerRoute';
import { withRunRecord } from '../orchestrators/withRunRecord';
import { registerOrchestrator } from './registerDurable';

/**
 * Promoting an unpromoted version: `promoteVersion` (its activities are the shared ARM ones) and
 * `POST /api/images/{image}/versions/{version}/promote`, whose version read uses the routes' short Retry-After cap.
 */
export function registerPromote(app: AppContext): void {
  registerOrchestrator(contracts.promoteVersion, withRunRecord(withFailedProgress(promoteVersionOrchestrator)));
  const handle = createStartPromoteHandler({ ...app, ports: { ...app.ports, ...app.ports.routes } });
  registerDurableRoute({ name: 'startPromote', route: 'images/{image}/versions/{version}/promote', method: 'POST', role: 'Admin' }, handle);
}
