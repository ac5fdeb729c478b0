import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { parseJsonBody, sendEmpty, sendJson, sendText } from './httpIo';
import type { LocalInvoker } from './invoker';
import type { RegisteredFunction } from './ports';

const CLOUD_EVENTS = /^application\/cloudevents(-batch)?\+json/i;

function badRequest(res: ServerResponse, message: string): void {
  sendJson(res, 400, { error: { code: 'VALIDATION_FAILED', message } });
}

/**
 * `POST /runtime/webhooks/eventgrid?functionName=` as the Event Grid extension's HttpRequestProcessor serves it
 * (docs/host-protocol.md §8): validation handshake, one invocation per event, 202 only if every event succeeded so
 * Event Grid redelivers a batch with a failure.
 */
export async function handleEventGridWebhook(
  invoker: LocalInvoker,
  enabled: (fn: RegisteredFunction) => boolean,
  res: ServerResponse,
  request: { method: string; url: URL; headers: IncomingHttpHeaders; body: Buffer },
): Promise<void> {
  const functionName = request.url.searchParams.get('functionName');
  if (!functionName) return badRequest(res, "query parameter 'functionName' is required");
  const fn = invoker.find(functionName);
  if (!fn || fn.triggerType.toLowerCase() !== 'eventgridtrigger' || !enabled(fn)) {
    return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no Event Grid function named '${functionName}'` } });
  }

  // CloudEvents webhooks validate with an OPTIONS request (CloudEvents HTTP webhook spec) instead of an event.
  if (request.method === 'OPTIONS') {
    const origin = request.headers['webhook-request-origin'];
    return sendEmpty(res, 200, { 'webhook-allowed-origin': typeof origin === 'string' ? origin : '*', allow: 'POST' });
  }
  if (request.method !== 'POST') return sendEmpty(res, 405, { allow: 'POST, OPTIONS' });

  const contentType = String(request.headers['content-type'] ?? '');
  const headerType = request.headers['aeg-event-type'];
  const eventType = typeof headerType === 'string' ? headerType : CLOUD_EVENTS.test(contentType) ? 'Notification' : undefined;
  if (eventType === 'Unsubscribe') return sendEmpty(res, 202);
  if (eventType !== 'SubscriptionValidation' && eventType !== 'Notification') {
    return badRequest(res, `header 'aeg-event-type' must be SubscriptionValidation, Notification or Unsubscribe, got '${eventType ?? ''}'`);
  }

  const parsed = parseJsonBody(request.body);
  if (!parsed.ok) return badRequest(res, parsed.message);
  // As the extension: the body is one event (an object) or an array of them, and each entry of the array is handed to
  // the function as it is, objects or not: judging an event is the function's job (it acknowledges what is not its own).
  if (typeof parsed.value !== 'object' || parsed.value === null) return badRequest(res, 'the body must be a JSON object or an array of events');
  const events: unknown[] = Array.isArray(parsed.value) ? parsed.value : [parsed.value];

  if (eventType === 'SubscriptionValidation') {
    const data = (events[0] as { data?: { validationCode?: unknown } } | undefined)?.data;
    if (typeof data?.validationCode !== 'string') return badRequest(res, 'event [0].data.validationCode must be a string');
    return sendJson(res, 200, { validationResponse: data.validationCode });
  }

  const results = await Promise.allSettled(
    events.map((event) =>
      invoker.invoke(fn.name, { string: JSON.stringify(event) }, { reason: `EventGrid trigger fired at ${new Date().toISOString()}` }),
    ),
  );
  const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`event [${i}]: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`] : []));
  if (failures.length > 0) return sendText(res, 500, `${failures.length} of ${events.length} event(s) failed\n${failures.join('\n')}`);
  sendEmpty(res, 202);
}
