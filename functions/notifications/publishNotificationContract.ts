/**
 * The durable name of the publishing activity and its payload. Kept beside the notification helpers (and
 * re-exported by contracts.ts) because notify.ts calls it and contracts.ts re-exports notify.ts: defining it in
 * contracts.ts would make a cycle. The usual rule holds: the name is persisted in history, never rename it.
 */
import { activity } from '../durable/descriptors';
import type { NotificationEvent } from '../../shared/domain/notifications/notificationDraft';

export interface PublishNotificationInput {
  events: NotificationEvent[];
}

export const publishNotification = activity<PublishNotificationInput, null>('publishNotification');
