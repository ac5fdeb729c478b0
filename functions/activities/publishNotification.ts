import type { NotificationPort } from '../../shared/ports/notificationPort';
import type { PublishNotificationInput } from '../contracts/notifications';

/**
 * Hands the orchestration's events to the topic. Failures propagate (`CODE: …`) so the durable retry applies; the
 * orchestration, not the activity, decides that a notification that never went out is only a warning. Re-sending
 * after an unseen success repeats the same event ids, which consumers deduplicate on.
 */
export function createPublishNotificationActivity(ports: { notifications: NotificationPort }) {
  return async (input: PublishNotificationInput): Promise<null> => {
    await ports.notifications.publish(input.events);
    return null;
  };
}
