import { z } from 'zod';

/** What `vmGeneralized` accepts (DESIGN.md §6); the Event Grid subscription in infra/ filters on the same values. */
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
  | 'subject-mismatch';

export type GeneralizeEvent =
  | { accepted: true; vmId: string; eventId: string | null }
  | { accepted: false; reason: RejectReason; detail: string; eventId: string | null };

const VM_ID = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.compute\/virtualmachines\/[^/]+$/i;
// Longer than any real ARM ID; huge values are refused before the regex runs on them.
const MAX_ID_LENGTH = 1000;

const text = z.string().max(MAX_ID_LENGTH);
// Event Grid schema (`eventType`) and CloudEvents (`type`); unknown fields are allowed: Azure adds fields over time.
const eventSchema = z.object({
  id: z.string().max(200).optional(),
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
  if (!same(type, GENERALIZE_EVENT_TYPE)) return reject('foreign-event-type', `event type ${type.slice(0, 100)}`);
  if (!same(event.data.operationName, GENERALIZE_OPERATION)) return reject('foreign-operation', `operation ${event.data.operationName.slice(0, 100)}`);
  if (event.data.status === undefined || !same(event.data.status, 'Succeeded')) {
    return reject('operation-not-succeeded', `status ${String(event.data.status).slice(0, 50)}`);
  }
  const fromUri = event.data.resourceUri === undefined ? undefined : canonicalId(event.data.resourceUri);
  const fromSubject = event.subject === undefined ? undefined : canonicalId(event.subject);
  const vmId = fromUri ?? fromSubject;
  if (vmId === undefined || vmId === '') return reject('no-vm-id', 'neither data.resourceUri nor subject names a resource');
  if (!VM_ID.test(vmId)) return reject('not-a-vm', `data.resourceUri/subject is not a ${VM_RESOURCE_TYPE} ID`);
  if (fromUri !== undefined && fromSubject !== undefined && fromSubject !== '' && !same(fromUri, fromSubject)) {
    return reject('subject-mismatch', 'data.resourceUri and subject name different resources');
  }
  return { accepted: true, vmId, eventId };
}
