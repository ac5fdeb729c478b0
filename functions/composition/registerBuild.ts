
import * as contracts from '../contracts';
import { withFailedProgress } from '../durable/progress';
import { withBuildNotifications } from '../orchestrators/notify/withBuildNotifications';
import { buildImageOrchestrator } from '../orchestrators/buildImage';
import { createStartBuildHandler } from '../triggers/startBuild';
import type { AppContext } from './appContext';
import { registerDurableRoute } from './registerRoute';
import { withRunRecord } from '../orchestrators/withRunRecord';
import { registerOrchestrator } from './registerDurable';

/** On-demand builds: `buildImage` (announcing its outcome) and `POST /api/images/{image}/builds`. */
export function registerBuild(app: AppContext): void {
  const handle = createStartBuildHandler(app);
  registerOrchestrator(contracts.buildImage, withRunRecord(withBuildNotifications(withFailedProgress(buildImageOrchestrator))));
  registerDurableRoute({ name: 'startBuild', route: 'images/{image}/builds', method: 'POST', role: 'Operator' }, handle);
}
