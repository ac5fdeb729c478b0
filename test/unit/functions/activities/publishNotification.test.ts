import { describe, expect, it } from 'vitest';
import { createPublishNotificationActivity } from '../../../../functions/activities/publishNotification';
import { buildSucceeded } from '../../../../shared/domain/notifications/eventBuilders';
import { toNotificationEvent } from '../../../../shared/domain/notifications/notificationDraft';
import { noNotifications, type NotificationEvent, type NotificationPort } from '../../../../shared/ports/notificationPort';
import { errorCodeOf, PortError } from '../../../../shared/ports/portError';
import { aRun, anOutput } from '../../shared/domain/notifications/notificationBuilders';

/** A topic that fails its first `failures` publishes, then records. */
class FakeTopic implements NotificationPort {
  readonly received: NotificationEvent[][] = [];
  attempts = 0;
  constructor(private failures = 0) {}
  publish(events: NotificationEvent[]): Promise<void> {
    this.attempts += 1;
    if (this.attempts <= this.failures) return Promise.reject(new PortError('ARM_UNAVAILABLE', `topic down (attempt ${this.attempts})`));
    this.received.push(events);
    return Promise.resolve();
  }
}

const event = toNotificationEvent(buildSucceeded({ ...aRun(), output: anOutput() }), { id: 'id-1', time: new Date('2026-11-25T08:30:00.000Z') });

describe('publishNotification activity', () => {
  it('hands the events to the port as they are', async () => {
    const topic = new FakeTopic();
    expect(await createPublishNotificationActivity({ notifications: topic })({ events: [event] })).toBeNull();
    expect(topic.received).toEqual([[event]]);
  });

  it('lets a failure through with its code, so the durable retry runs it again; a retry with the same input then publishes the same id', async () => {
    const topic = new FakeTopic(1);
    const activity = createPublishNotificationActivity({ notifications: topic });
    const failure: unknown = await activity({ events: [event] }).catch((error: unknown) => error);
    expect(errorCodeOf(failure)).toBe('ARM_UNAVAILABLE');
    expect(topic.received).toEqual([]);
    await activity({ events: [event] });
    expect(topic.received.map((batch) => batch.map((e) => e.id))).toEqual([['id-1']]);
  });

  it('with no topic configured, publishing succeeds and goes nowhere', async () => {
    await expect(createPublishNotificationActivity({ notifications: noNotifications })({ events: [event] })).resolves.toBeNull();
  });
});
