import type * as df from 'durable-functions';
import { callActivity } from '../../durable/callActivity';
import { replaySafeLogger } from '../../durable/replaySafeLogger';
import { errorText } from '../../../shared/domain/notifications/eventBuilders';
import { toNotificationEvent, type NotificationDraft } from '../../../shared/domain/notifications/notificationDraft';
import { notifyRetry } from './notifyRetry';
import { publishNotification } from '../../contracts/notifications';
import { runNotes } from './runNotes';
import { quoted } from '../../../shared/domain/quoted';
import { notificationFields } from '../../../shared/domain/telemetry/notificationFields';

/** customStatus member listing the notifications that could not be published (a notification is never fatal). */
export const NOTIFICATION_WARNINGS = 'notificationWarnings';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Progress updates replace customStatus wholesale; re-applying the warnings after every publish keeps them in the
 * final status, because every orchestration that notifies does so as its last step.
 */
function showWarnings(ctx: df.OrchestrationContext, warnings: string[]): void {
  if (warnings.length === 0) return;
  const current = isRecord(ctx.df.customStatus) ? ctx.df.customStatus : {};
  ctx.df.setCustomStatus({ ...current, [NOTIFICATION_WARNINGS]: [...warnings] });
}

/** Who asked for the run, when a signed-in caller did: the trigger put it in the orchestration's input (startRun). */
function requestedByOf(ctx: df.OrchestrationContext): { name: string; objectId?: string } | undefined {
  const input: unknown = ctx.df.getInput();
  if (!isRecord(input) || !isRecord(input.requestedBy)) return undefined;
  const { name, objectId } = input.requestedBy;
  if (typeof name !== 'string') return undefined;
  return typeof objectId === 'string' ? { name, objectId } : { name };
}

/**
 * `yield* notify(ctx, draft)`: stamps the draft with the orchestration's time and a replay-stable id, publishes it
 * through the publishNotification activity (durable retries with backoff), and swallows a final failure as a
 * logged warning recorded in customStatus. A null draft (nothing worth telling) publishes nothing. Returns whether
 * the event went out. The event's data names `requestedBy` when a signed-in caller started the run.
 */
export function* notify(ctx: df.OrchestrationContext, draft: NotificationDraft | null): Generator<df.Task, boolean, unknown> {
  if (draft === null) return false;
  const notes = runNotes(ctx);
  if (draft.data.version !== null) notes.version = draft.data.version;
  const requestedBy = requestedByOf(ctx);
  const stamped = requestedBy === undefined || 'requestedBy' in draft.data ? draft : { ...draft, data: { ...draft.data, requestedBy } };
  const event = toNotificationEvent(stamped, {
    // newGuid is derived from the instance ID and the orchestration's time: the same on every replay and retry.
    id: ctx.df.newGuid(`${ctx.df.instanceId}/${draft.type}`),
    time: ctx.df.currentUtcDateTime,
  });
  // Every notification is a telemetry event too, whether or not a topic is configured (alerts query them).
  replaySafeLogger(ctx).event(notificationFields(draft), `${draft.type} ${draft.subject}`);
  let published = true;
  try {
    yield* callActivity(ctx, publishNotification, { events: [event] }, notifyRetry());
  } catch (error) {
    published = false;
    const warning = `NOTIFICATION_FAILED: ${draft.type} (${draft.subject}) was not published: ${quoted(errorText(error), 500)}`;
    replaySafeLogger(ctx).warn(warning);
    notes.warnings.push(warning);
  }
  showWarnings(ctx, notes.warnings);
  return published;
}
