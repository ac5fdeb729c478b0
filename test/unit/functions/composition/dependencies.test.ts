import { describe, expect, it } from 'vitest';
import { createDependencies } from '../../../../functions/composition/dependencies';
import { noNotifications } from '../../../../shared/ports/notificationPort';
import { aCatalog, anAppConfig } from '../../../support/builders';

describe('the notifications port the composition root builds', () => {
  it('is the no-op port when NOTIFY_TOPIC_ENDPOINT is unset (a supported production setting)', async () => {
    const ports = createDependencies(anAppConfig(), aCatalog());
    expect(ports.notifications).toBe(noNotifications);
    await expect(ports.notifications.publish([])).resolves.toBeUndefined();
  });

  it('is the Event Grid adapter when a topic is configured', () => {
    const ports = createDependencies(anAppConfig({ notifyTopicEndpoint: 'https://topic.westeurope-1.eventgrid.azure.net/api/events' }), aCatalog());
    expect(ports.notifications).not.toBe(noNotifications);
  });
});
