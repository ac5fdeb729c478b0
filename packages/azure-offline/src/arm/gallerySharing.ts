/**
 * POST galleries/{gallery}/share (the SDK's gallerySharingProfile.update): add or remove subscriptions and tenants,
 * reset to private, or share with the community. It is an LRO whose result is the update itself; the gallery's
 * `sharingProfile` changes when it completes, so prune can see that a gallery has users it cannot scan. As in ARM, the
 * gallery must first be made a `Groups` gallery (Add, Remove) or a `Community` gallery with its publisher details
 * (EnableCommunity) by a PUT or PATCH of `sharingProfile.permissions`.
 */
import { randomUUID } from 'node:crypto';
import { badRequest, conflict } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { requireGallery } from './galleries';
import { arrayAt, isObject, objectAt, stringAt, type Json, type JsonObject } from './json';
import { startOperation } from './lro';
import { requireBody } from './resourceCommon';

const OPERATIONS = ['Add', 'Remove', 'Reset', 'EnableCommunity'];
const GROUP_TYPES = ['Subscriptions', 'AADTenants'];

interface Group {
  type: string;
  ids: string[];
}

function readGroups(body: JsonObject, required: boolean): Group[] {
  const raw = arrayAt(body, 'groups') ?? [];
  if (required && raw.length === 0) throw badRequest('InvalidParameter', "'groups' needs at least one group for Add and Remove.");
  return raw.map((group, i) => {
    const type = stringAt(group, 'type');
    if (!type || !GROUP_TYPES.includes(type)) throw badRequest('InvalidParameter', `'groups[${i}].type' must be one of ${GROUP_TYPES.join(', ')}.`);
    const ids = arrayAt(group, 'ids') ?? [];
    if (ids.length === 0 || !ids.every((id) => typeof id === 'string' && id !== '')) {
      throw badRequest('InvalidParameter', `'groups[${i}].ids' must be a non-empty array of IDs.`);
    }
    return { type, ids: ids as string[] };
  });
}

function currentGroups(profile: JsonObject | undefined): Group[] {
  return (arrayAt(profile, 'groups') ?? []).filter(isObject).map((g) => ({ type: String(g.type), ids: (arrayAt(g, 'ids') ?? []).map(String) }));
}

function merge(current: Group[], change: Group[], add: boolean): Group[] {
  const result = new Map(current.map((g) => [g.type, new Set(g.ids.map((id) => id.toLowerCase()))]));
  for (const group of change) {
    const ids = result.get(group.type) ?? new Set<string>();
    for (const id of group.ids) {
      if (add) ids.add(id.toLowerCase());
      else ids.delete(id.toLowerCase());
    }
    result.set(group.type, ids);
  }
  return [...result].filter(([, ids]) => ids.size > 0).map(([type, ids]) => ({ type, ids: [...ids].sort() }));
}

export function shareGallery(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const gallery = requireGallery(ctx, req.params);
  const body = requireBody(req);
  const operationType = stringAt(body, 'operationType');
  if (!operationType || !OPERATIONS.includes(operationType)) throw badRequest('InvalidParameter', `'operationType' must be one of ${OPERATIONS.join(', ')}.`);
  const groups = readGroups(body, operationType === 'Add' || operationType === 'Remove');
  const current = objectAt(gallery.properties, 'sharingProfile');
  const permissions = stringAt(current, 'permissions') ?? 'Private';
  const info = objectAt(current, 'communityGalleryInfo');
  let next: JsonObject;
  if (operationType === 'Reset') next = { permissions: 'Private', ...(info ? { communityGalleryInfo: { ...info, communityGalleryEnabled: false, publicNames: [] } } : {}) };
  else if (operationType === 'EnableCommunity') {
    if (permissions !== 'Community' || !info) {
      throw conflict('OperationNotAllowed', `Gallery '${gallery.name}' must have sharingProfile.permissions 'Community' and communityGalleryInfo before EnableCommunity; it is '${permissions}'.`);
    }
    const prefix = stringAt(info, 'publicNamePrefix') ?? '';
    next = { ...current, communityGalleryInfo: { ...info, communityGalleryEnabled: true, publicNames: [`${prefix}-${randomUUID()}`] } };
  } else {
    if (permissions !== 'Groups') {
      throw conflict('OperationNotAllowed', `Gallery '${gallery.name}' is not shared with groups (sharingProfile.permissions is '${permissions}'): set it to 'Groups' before ${operationType === 'Add' ? 'adding' : 'removing'} subscriptions or tenants.`);
    }
    const merged = merge(currentGroups(current), groups, operationType === 'Add');
    next = { permissions: 'Groups', groups: merged.map((g) => ({ type: g.type, ids: g.ids })) };
  }
  const result: Json = { operationType, ...(groups.length > 0 ? { groups: groups.map((g) => ({ type: g.type, ids: g.ids })) } : {}) };
  const headers = startOperation(ctx, req, {
    name: 'Microsoft.Compute/galleries/share/action',
    subscriptionId: req.params.subscriptionId ?? '',
    location: gallery.location,
    seconds: 0,
    onSuccess: [{ kind: 'setProperty', resourceId: gallery.id, property: 'sharingProfile', value: next }],
    onFailure: [],
    resultStatus: 200,
    result,
  });
  return { status: 202, headers };
}
