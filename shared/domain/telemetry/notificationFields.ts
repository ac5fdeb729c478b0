/**
 * The telemetry event every notification also is: its name (`Build.Failed`) and the stable fields of its data.
 * Lists become counts: a prune's deleted versions are a metric, their names are in the notification.
 */
import type { LogFields } from './logLine';
import { eventOfNotification } from './names';
import type { NotificationDraft } from '../notifications/notificationDraft';

function stringOrNull(value: unknown): string | null | undefined {
  return typeof value === 'string' || value === null ? value : undefined;
}

function lengthOf(value: unknown): number | undefined {
  return Array.isArray(value) ? value.length : undefined;
}

export function notificationFields(draft: NotificationDraft): LogFields & { event: string } {
  const d = draft.data;
  return {
    event: eventOfNotification(draft.type),
    image: d.image ?? undefined,
    version: d.version ?? undefined,
    runId: d.instanceId ?? undefined,
    buildId: stringOrNull(d.buildId) ?? undefined,
    trigger: stringOrNull(d.trigger) ?? undefined,
    errorCode: stringOrNull(d.errorCode),
    promoted: typeof d.promoted === 'boolean' ? d.promoted : undefined,
    consecutiveFailures: typeof d.consecutiveFailures === 'number' ? d.consecutiveFailures : undefined,
    deprecated: lengthOf(d.deprecated),
    deleted: lengthOf(d.deleted),
  };
}
