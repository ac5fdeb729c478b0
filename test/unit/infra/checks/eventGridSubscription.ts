/**
 * Reads the Event Grid subscription that feeds `vmGeneralized` out of Bicep, checks it against what the trigger
 * accepts, and evaluates it on events the way Event Grid does (string comparisons ignore case), so tests can
 * show which events reach the function.
 */
import { namedChildren, objectAt, parseBicep, property, resourceDeclarations, stringValue, type Node } from './bicepTree';
import type { SourceFile } from './sourceFile';

export interface AdvancedFilter {
  operatorType: string;
  key: string;
  values: string[];
}

export interface EventSubscription {
  endpointType?: string;
  /** Source text of the endpoint's resourceId expression. */
  endpointResourceId?: string;
  eventDeliverySchema?: string;
  includedEventTypes: string[];
  subjectBeginsWith?: string;
  subjectEndsWith?: string;
  advancedFilters: AdvancedFilter[];
}

export function readEventSubscriptions(file: SourceFile): EventSubscription[] {
  return resourceDeclarations(parseBicep(file))
    .filter((r) => r.type.startsWith('Microsoft.EventGrid/') && r.type.includes('/eventSubscriptions@'))
    .map((r) => readOne(r.body));
}

function readOne(body: Node | undefined): EventSubscription {
  const properties = objectAt(body, 'properties');
  const destination = objectAt(properties, 'destination');
  const filter = objectAt(properties, 'filter');
  return {
    endpointType: plainString(destination, 'endpointType'),
    endpointResourceId: property(objectAt(destination, 'properties'), 'resourceId')?.text,
    eventDeliverySchema: plainString(properties, 'eventDeliverySchema'),
    includedEventTypes: stringsOf(filter, 'includedEventTypes'),
    subjectBeginsWith: plainString(filter, 'subjectBeginsWith'),
    subjectEndsWith: plainString(filter, 'subjectEndsWith'),
    advancedFilters: advancedFilters(filter),
  };
}

function advancedFilters(filter: Node | undefined): AdvancedFilter[] {
  const list = property(filter, 'advancedFilters');
  if (list?.type !== 'array') return [];
  return namedChildren(list)
    .filter((item) => item.type === 'object')
    .map((item) => ({ operatorType: plainString(item, 'operatorType') ?? '', key: plainString(item, 'key') ?? '', values: stringsOf(item, 'values') }));
}

function plainString(object: Node | undefined, key: string): string | undefined {
  const value = property(object, key);
  return value === undefined ? undefined : stringValue(value);
}

/** The plain strings of an array value (a lone string counts as one). */
function stringsOf(object: Node | undefined, key: string): string[] {
  const value = property(object, key);
  if (value === undefined) return [];
  const items = value.type === 'array' ? namedChildren(value) : [value];
  return items.flatMap((item) => {
    const text = stringValue(item);
    return text === undefined ? [] : [text];
  });
}

/** What the `vmGeneralized` trigger accepts. */
export interface AcceptedEvents {
  functionName: string;
  eventTypes: readonly string[];
  operationNames: readonly string[];
  /** Resource type whose IDs are the subjects (e.g. Microsoft.Compute/virtualMachines). */
  subjectResourceType: string;
}

/** Problems that make the subscription deliver something other than what the trigger accepts. */
export function eventSubscriptionProblems(subscription: EventSubscription, accepted: AcceptedEvents): string[] {
  const problems: string[] = [];
  if (subscription.endpointType !== 'AzureFunction') problems.push(`endpoint type is ${String(subscription.endpointType)}, expected AzureFunction`);
  if (!subscription.endpointResourceId?.endsWith(`/functions/${accepted.functionName}'`))
    problems.push(`endpoint ${String(subscription.endpointResourceId)} is not the ${accepted.functionName} function`);
  // The trigger parses the Event Grid schema (EventGridDeserializer needs topic, eventType, metadataVersion…).
  if (subscription.eventDeliverySchema !== 'EventGridSchema') problems.push(`delivery schema is ${String(subscription.eventDeliverySchema)}, expected EventGridSchema`);
  problems.push(...sameValues(subscription.includedEventTypes, accepted.eventTypes, 'includedEventTypes'));

  const operation = subscription.advancedFilters.filter((f) => f.key === 'data.operationName');
  const operationFilter = operation[0];
  if (operation.length !== 1 || operationFilter === undefined || operationFilter.operatorType !== 'StringIn')
    problems.push('expected exactly one StringIn advanced filter on data.operationName');
  else problems.push(...sameValues(operationFilter.values, accepted.operationNames, 'data.operationName'));

  const subject = subscription.advancedFilters.filter((f) => f.key.toLowerCase() === 'subject');
  const typeSegment = `/providers/${accepted.subjectResourceType}/`.toLowerCase();
  const selectsType = subject.some((f) => f.operatorType === 'StringContains' && f.values.length > 0 && f.values.every((v) => v.toLowerCase() === typeSegment));
  if (!selectsType) problems.push(`no StringContains filter on Subject selecting '${typeSegment}'`);
  if (subscription.subjectBeginsWith !== undefined && !subscription.subjectBeginsWith.toLowerCase().startsWith('/subscriptions/'))
    problems.push(`subjectBeginsWith '${subscription.subjectBeginsWith}' can never match a resource ID subject`);

  const known = new Set(['data.operationname', 'subject']);
  for (const f of subscription.advancedFilters)
    if (!known.has(f.key.toLowerCase())) problems.push(`advanced filter on ${f.key} narrows deliveries beyond what the trigger checks`);
  return problems;
}

function sameValues(actual: readonly string[], expected: readonly string[], what: string): string[] {
  const a = [...new Set(actual)].sort();
  const e = [...new Set(expected)].sort();
  return a.length === e.length && a.every((v, i) => v === e[i]) ? [] : [`${what} is [${a.join(', ')}], expected [${e.join(', ')}]`];
}

export interface GridEvent {
  eventType: string;
  subject: string;
  data: Record<string, unknown>;
}

/** Event Grid's matching for the filter shapes used here; unknown operators reject, so a test notices them. */
export function delivers(subscription: EventSubscription, event: GridEvent): boolean {
  const lower = (s: string) => s.toLowerCase();
  if (subscription.includedEventTypes.length > 0 && !subscription.includedEventTypes.some((t) => lower(t) === lower(event.eventType))) return false;
  if (subscription.subjectBeginsWith !== undefined && !lower(event.subject).startsWith(lower(subscription.subjectBeginsWith))) return false;
  if (subscription.subjectEndsWith !== undefined && !lower(event.subject).endsWith(lower(subscription.subjectEndsWith))) return false;
  return subscription.advancedFilters.every((f) => {
    const field = fieldOf(event, f.key);
    if (typeof field !== 'string') return false;
    if (f.operatorType === 'StringIn') return f.values.some((v) => lower(v) === lower(field));
    if (f.operatorType === 'StringContains') return f.values.some((v) => lower(field).includes(lower(v)));
    return false;
  });
}

function fieldOf(event: GridEvent, key: string): unknown {
  if (key.toLowerCase() === 'subject') return event.subject;
  if (key.toLowerCase() === 'eventtype') return event.eventType;
  if (!key.startsWith('data.')) return undefined;
  return key
    .slice('data.'.length)
    .split('.')
    .reduce<unknown>((node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined), event.data);
}

