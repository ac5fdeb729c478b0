import * as z from 'zod';
import { quoted } from '../../shared/domain/quoted';
import { isInScope } from '../../shared/domain/scopes';
import { checkVmId, MAX_RESOURCE_ID_LENGTH } from '../../shared/ports/resourceId';

/** What `vmGeneralized` accepts (docs/architecture.md#the-generalize-event); the Event Grid subscription in infra/ filters on the same values. */
export const GENERALIZE_EVENT_TYPE = 'Microsoft.Resources.ResourceActionSuccess';
export const GENERALIZE_OPERATION = 'Microsoft.Compute/virtualMachines/generalize/action';
export const VM_RESOURCE_TYPE = 'Microsoft.Compute/virtualMachines';

/** Stable reason codes for a rejected event: logged (never the event itself) and the delivery acknowledged. */
export type RejectReason =
  | 'not-an-object'
  | 'malformed'
  | 'foreign-event-type'
  | 'foreign-operation'
  | 'operation-not-succeeded'
  | 'no-vm-id'
  | 'not-a-vm'
  | 'invalid-name'
  | 'subject-mismatch'
  | 'outside-capture-scopes'
  | 'foreign-topic';

/** `topic` (Event Grid schema) or `source` (CloudEvents): the publisher, for ARM events the subscription's system topic. */
export type GeneralizeEvent =
  | { accepted: true; vmId: string; topic: string | null; eventId: string | null }
  | { accepted: false; reason: RejectReason; detail: string; eventId: string | null };

const text = z.string().max(MAX_RESOURCE_ID_LENGTH);
// Event Grid schema (`eventType`) and CloudEvents (`type`); unknown fields are allowed: Azure adds fields over time.
const eventSchema = z.object({
  id: z.string().max(200).optional(),
  topic: text.optional(),
  source: text.optional(),
  eventType: z.string().max(200).optional(),
  type: z.string().max(200).optional(),
  subject: text.optional(),
  data: z.object({
    operationName: z.string().max(300),
    status: z.string().max(100).optional(),
    resourceUri: text.optional(),
  }),
});

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

// IDs from `subject` sometimes repeat slashes or end with one; compare and hash the canonical form.
function canonicalId(id: string): string {
  return id.trim().replace(/\/{2,}/g, '/').replace(/\/$/, '');
}

/** An event ID is safe to log (it carries no caller claims); anything odd in it is cut. */
function safeEventId(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('id' in raw) || typeof raw.id !== 'string') return null;
  return raw.id.replace(/[^\w.:-]/g, '').slice(0, 80) || null;
}

/**
 * Pure: decides whether one delivered event is a successful VM generalize and which VM it names. Never trusts the
 * payload beyond that: the capture orchestration re-reads the VM. Validation by zod rather than
 * `@azure/eventgrid`'s EventGridDeserializer: that only checks the envelope (and `isSystemEvent` only the type
 * string), would have to live in an adapter, and refuses CloudEvents-schema deliveries of the same event.
 */
export function parseGeneralizeEvent(raw: unknown): GeneralizeEvent {
  const eventId = safeEventId(raw);
  const reject = (reason: RejectReason, detail: string): GeneralizeEvent => ({ accepted: false, reason, detail, eventId });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return reject('not-an-object', 'the event is not a JSON object');
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return reject('malformed', `${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const event = parsed.data;
  const type = event.eventType ?? event.type;
  if (type === undefined) return reject('malformed', 'eventType: required');
  if (!same(type, GENERALIZE_EVENT_TYPE)) return reject('foreign-event-type', `event type ${quoted(type, 100)}`);
  if (!same(event.data.operationName, GENERALIZE_OPERATION)) return reject('foreign-operation', `operation ${quoted(event.data.operationName, 100)}`);
  if (event.data.status === undefined || !same(event.data.status, 'Succeeded')) {
    return reject('operation-not-succeeded', `status ${event.data.status === undefined ? '(none)' : quoted(event.data.status, 50)}`);
  }
  const fromUri = event.data.resourceUri === undefined ? undefined : canonicalId(event.data.resourceUri);
  const fromSubject = event.subject === undefined ? undefined : canonicalId(event.subject);
  const vmId = fromUri ?? fromSubject;
  if (vmId === undefined || vmId === '') return reject('no-vm-id', 'neither data.resourceUri nor subject names a resource');
  const checked = checkVmId(vmId);
  if (!checked.ok && checked.problem === 'shape') return reject('not-a-vm', `data.resourceUri/subject is not a ${VM_RESOURCE_TYPE} ID`);
  if (!checked.ok) return reject('invalid-name', `data.resourceUri/subject: ${checked.message}`);
  if (fromUri !== undefined && fromSubject !== undefined && fromSubject !== '' && !same(fromUri, fromSubject)) {
    return reject('subject-mismatch', 'data.resourceUri and subject name different resources');
  }
  const topic = event.topic ?? event.source;
  return { accepted: true, vmId, topic: topic === undefined ? null : canonicalId(topic), eventId };
}

/**
 * Pure, from the event alone, before anything reads ARM or starts an instance: the VM lies in one of the catalog's
 * capture scopes, and the event came from that VM's subscription topic (the subscription system topic infra/
 * subscribes to, `/subscriptions/<id>`). Anyone who can post to the webhook can write a `subject`; a forged event for
 * a VM elsewhere must cost nothing.
 */
export function checkEventScope(event: GeneralizeEvent, captureScopes: readonly string[]): GeneralizeEvent {
  if (!event.accepted) return event;
  const reject = (reason: RejectReason, detail: string): GeneralizeEvent => ({ accepted: false, reason, detail, eventId: event.eventId });
  if (!captureScopes.some((scope) => isInScope(event.vmId, scope))) {
    return reject('outside-capture-scopes', `VM ${quoted(event.vmId)} is outside the catalog's capture scopes`);
  }
  const subscription = event.vmId.split('/')[2] ?? '';
  if (event.topic === null) return reject('foreign-topic', 'the event names no topic (source)');
  if (!same(event.topic, `/subscriptions/${subscription}`)) {
    return reject('foreign-topic', `topic ${quoted(event.topic)} is not the VM's subscription /subscriptions/${subscription}`);
  }
  return event;
}
