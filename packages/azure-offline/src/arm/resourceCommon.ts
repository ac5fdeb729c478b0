/** Checks and shapes every resource type shares: parent scopes, body, location, tags, the ARM envelope, paging. */
import { badRequest, notFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { isObject, objectAt, stringAt, type JsonObject } from './json';
import { normalizeRegion } from './regions';
import { key, type BaseRecord, type ResourceGroupRecord, type ResourceRecord, type ResourceType } from './state';

export function requireSubscription(ctx: EmulatorContext, subscriptionId: string): void {
  if (!ctx.store.state.subscriptions[key(subscriptionId)]) {
    throw notFound('SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`);
  }
}

export function resourceGroupId(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

export function requireResourceGroup(ctx: EmulatorContext, subscriptionId: string, resourceGroup: string): ResourceGroupRecord {
  requireSubscription(ctx, subscriptionId);
  const group = ctx.store.state.resourceGroups[key(resourceGroupId(subscriptionId, resourceGroup))];
  if (!group) throw notFound('ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`);
  return group;
}

export function requireBody(req: ArmRequest): JsonObject {
  if (!isObject(req.body)) {
    throw badRequest('InvalidRequestContent', 'The request content was invalid and could not be deserialized: the body must be a JSON object.');
  }
  return req.body;
}

export function requireLocation(body: JsonObject, parentLocation?: string): string {
  const location = stringAt(body, 'location');
  if (location === undefined || location.trim() === '') {
    throw badRequest('LocationRequired', "The location property is required for this definition: 'location' must be a non-empty string.");
  }
  if (parentLocation !== undefined && normalizeRegion(location) !== normalizeRegion(parentLocation)) {
    throw badRequest('InvalidParameter', `The 'location' '${location}' must be the location of the parent resource '${parentLocation}'.`);
  }
  return normalizeRegion(location);
}

export function readTags(body: JsonObject, current: Record<string, string> = {}): Record<string, string> {
  if (!('tags' in body) || body.tags === undefined) return current;
  const tags = body.tags;
  if (tags === null) return {};
  if (!isObject(tags)) throw badRequest('InvalidTag', "'tags' must be an object of string values.");
  const result: Record<string, string> = {};
  const entries = Object.entries(tags);
  if (entries.length > 50) throw badRequest('InvalidTag', `'tags' has ${entries.length} entries; at most 50 are allowed.`);
  for (const [name, value] of entries) {
    if (typeof value !== 'string') throw badRequest('InvalidTag', `'tags.${name}' must be a string.`);
    if (name.length > 512) throw badRequest('InvalidTagNameLength', `Tag name '${name.slice(0, 40)}…' exceeds 512 characters.`);
    if (value.length > 256) throw badRequest('InvalidTag', `'tags.${name}' is ${value.length} characters; the limit is 256.`);
    result[name] = value;
  }
  return result;
}

export function propertiesOf(body: JsonObject): JsonObject {
  const props = body.properties;
  if (props === undefined || props === null) return {};
  if (!isObject(props)) throw badRequest('InvalidRequestContent', "'properties' must be a JSON object.");
  return props;
}

export function envelope(record: BaseRecord & { type: string }, properties: JsonObject = record.properties): JsonObject {
  return { id: record.id, name: record.name, type: record.type, location: record.location, tags: { ...record.tags }, properties };
}

/** ARM pages lists with `nextLink`; a small page size makes clients exercise it. */
export const PAGE_SIZE = 50;

export function pagedList(req: ArmRequest, items: JsonObject[]): ArmResponse {
  const raw = req.query.get('$skiptoken') ?? '0';
  const start = Number.parseInt(raw, 10);
  if (!Number.isInteger(start) || start < 0 || String(start) !== raw) {
    throw badRequest('InvalidSkipToken', `'$skiptoken' must be a non-negative integer, got '${raw}'.`);
  }
  const value = items.slice(start, start + PAGE_SIZE);
  const body: JsonObject = { value };
  if (start + PAGE_SIZE < items.length) {
    const next = new URLSearchParams(req.query);
    next.set('$skiptoken', String(start + PAGE_SIZE));
    body.nextLink = `${req.origin}${req.path}?${next.toString()}`;
  }
  return { status: 200, body };
}

export function expandIncludes(req: ArmRequest, what: string): boolean {
  const expand = req.query.get('$expand');
  return expand !== null && expand.split(',').some((e) => e.trim().toLowerCase() === what.toLowerCase());
}

export function requireString(obj: JsonObject | undefined, field: string, path: string): string {
  const value = stringAt(obj, field);
  if (value === undefined || value === '') throw badRequest('InvalidParameter', `'${path}' is required and must be a non-empty string.`);
  return value;
}

export function optionalObject(obj: JsonObject | undefined, field: string, path: string): JsonObject | undefined {
  if (!obj || obj[field] === undefined || obj[field] === null) return undefined;
  const found = objectAt(obj, field);
  if (!found) throw badRequest('InvalidParameter', `'${path}' must be a JSON object.`);
  return found;
}

export function isoDate(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw badRequest('InvalidParameter', `'${path}' must be an ISO 8601 date-time string.`);
  }
  return new Date(value).toISOString();
}

/**
 * The records of one type that a subscription- or resource-group-scoped list returns (VMs, scale sets), narrowed to
 * `{location}` when the route has one; the parent scope must exist, as in ARM.
 */
export function listInScope<T extends ResourceType>(ctx: EmulatorContext, req: ArmRequest, type: T): Extract<ResourceRecord, { type: T }>[] {
  const sub = req.params.subscriptionId ?? '';
  const rg = req.params.resourceGroupName;
  if (rg) requireResourceGroup(ctx, sub, rg);
  else requireSubscription(ctx, sub);
  const location = req.params.location;
  return ctx.store
    .under(rg ? resourceGroupId(sub, rg) : `/subscriptions/${sub}`, type)
    .filter((record) => !location || normalizeRegion(record.location) === normalizeRegion(location));
}
