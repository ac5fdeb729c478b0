import type { AppContext } from './appContext';
import { createDeleteOwnImageVersionActivity } from './activities/createImageVersion';
import * as contracts from './contracts';
import { registerActivity } from './durable/register';

/**
 * The activity a failing build or capture uses to delete the version it created (publishVersion's cleanup). Its own
 * module, beside the shared activities of register/activities.ts, so adding it touched no other feature's file.
 */
export function registerVersionCleanup(app: AppContext): void {
  registerActivity(contracts.deleteOwnImageVersion, createDeleteOwnImageVersionActivity(app.ports));
}
