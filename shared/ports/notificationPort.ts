/**
 * Publishing notifications: CloudEvents 1.0 to the configured Event Grid custom topic. The port speaks the wire
 * attributes only; the event vocabulary (types, data shapes, builders) lives in shared/domain/notifications.
 */
import type { NotificationEvent } from '../domain/notifications/notificationEvent';

export type { NotificationEvent };

export interface NotificationPort {
  /** Sends the events in one request; throws (a `CODE: …` PortError) when the topic refused or was unreachable. */
  publish(events: NotificationEvent[]): Promise<void>;
}

/**
 * No topic configured (`NOTIFY_TOPIC_ENDPOINT` unset) is a real production setting, not a test mode: publishing
 * then does nothing, and the orchestrations still call it so their history is the same either way.
 */
export const noNotifications: NotificationPort = {
  publish: () => Promise.resolve(),
};
