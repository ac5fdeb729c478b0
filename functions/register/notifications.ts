import type { NotificationPort } from '../../shared/ports/notificationPort';
import { createPublishNotificationActivity } from '../activities/publishNotification';
import { registerActivity } from '../durable/register';
import { publishNotification } from '../contracts/notifications';

/** Notifications (issue 10): the one publishing activity every orchestration calls through `notify`. */
export function registerNotifications(app: { ports: { notifications: NotificationPort } }): void {
  registerActivity(publishNotification, createPublishNotificationActivity(app.ports));
}
