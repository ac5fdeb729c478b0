import type { SendCloudEventInput } from '@azure/eventgrid';
import type { TokenCredential } from '@azure/identity';
import type { NotificationEvent, NotificationPort } from '../../ports/notificationPort';
import { loadEventGrid, onFirstUse } from './azureSdk';
import { armCall } from './toPortError';

export interface NotificationAdapterSettings {
  /** The topic's endpoint, `https://<topic>.<region>-1.eventgrid.azure.net/api/events` (NOTIFY_TOPIC_ENDPOINT). */
  endpoint: string;
  /** Extra CA to trust (PEM), offline only: the emulated topic is served by the emulated ARM. */
  caPem: string | undefined;
}

function toCloudEvent(event: NotificationEvent): SendCloudEventInput<Record<string, unknown>> {
  return {
    id: event.id,
    type: event.type,
    source: event.source,
    subject: event.subject,
    time: new Date(event.time),
    datacontenttype: 'application/json',
    data: event.data,
  };
}

/**
 * Publishes CloudEvents with Entra ID (the topic has access keys off; the identity holds EventGrid Data Sender).
 * The credential is the one the ARM adapters use, so the managed identity and its client ID apply here too.
 * The client (and the SDK) are made on the first publish.
 */
export function createNotificationAdapter(settings: NotificationAdapterSettings, credential: TokenCredential): NotificationPort {
  const client = onFirstUse(
    () =>
      new (loadEventGrid().EventGridPublisherClient)(settings.endpoint, 'CloudEvent', credential, {
        ...(settings.caPem === undefined ? {} : { tlsOptions: { ca: settings.caPem } }),
        // Back-off belongs to the durable retry of the publishing activity (a timer, not a blocked worker);
        // the SDK's own retries would sleep inside the activity.
        retryOptions: { maxRetries: 0 },
      }),
  );
  return {
    publish: (events) =>
      armCall(`publish ${events.length} notification(s) to ${new URL(settings.endpoint).host}`, async () => {
        if (events.length === 0) return;
        await client().send(events.map(toCloudEvent));
      }),
  };
}
