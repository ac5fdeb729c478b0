import { createPublishNotificationActivity } from '../activities/publishNotification';
import * as contracts from '../contracts';
import type { AppContext } from './appContext';
import { registerActivity } from './registerDurable';

/** Notifications: the one publishing activity every orchestration calls through `notify`. */
export function registerNotifications(app: Pick<AppContext, 'ports'>): void {
  registerActivity(contracts.publishNotification, createPublishNotificationActivity(app.ports));
}
