/** Notifications: the one publishing activity every orchestration calls through `notify` (orchestrators/notify). */
import type { NotificationEvent } from '../../shared/domain/notifications/notificationEvent';
import { activity } from '../durable/descriptors';

export interface PublishNotificationInput {
  events: NotificationEvent[];
}

export const publishNotification = activity<PublishNotificationInput, null>('publishNotification');
