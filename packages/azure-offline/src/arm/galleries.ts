/** Microsoft.Compute/galleries: PUT / PATCH / GET / DELETE / list by resource group and subscription. */
import { badRequest, conflict, resourceNotFound } from './armError';
import { createContainer, refuseWhileBusy } from './containerProvisioning';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { arrayAt, objectAt, stringAt, type JsonObject } from './json';
import { deleteContainer } from './deleteContainer';
import { galleryNameProblem } from './nameRules';
import {
  envelope, pagedList, propertiesOf, readTags, requireBody, requireLocation, requireResourceGroup, requireSubscription, resourceGroupId,
} from './resourceCommon';
import type { GalleryRecord } from './state';

const TYPE = 'Microsoft.Compute/galleries';
const SHARING = ['Private', 'Groups', 'Community'];

export function galleryId(p: Record<string, string>): string {
  return `${resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '')}/providers/${TYPE}/${p.galleryName ?? ''}`;
}

export function requireGallery(ctx: EmulatorContext, p: Record<string, string>): GalleryRecord {
  requireResourceGroup(ctx, p.subscriptionId ?? '', p.resourceGroupName ?? '');
  const gallery = ctx.store.get(galleryId(p), TYPE);
  if (!gallery) throw resourceNotFound(TYPE, p.galleryName ?? '', p.resourceGroupName);
  return gallery;
}

const COMMUNITY_FIELDS = ['publisherUri', 'publisherContact', 'eula', 'publicNamePrefix'];

/**
 * The sharing profile a PUT or PATCH asks for. Groups are never written this way (only the `share` action changes
 * them), and a community gallery needs its public publisher details before `EnableCommunity` can publish it.
 */
function sharingProfile(props: JsonObject, current: JsonObject | undefined): JsonObject | undefined {
  const profile = objectAt(props, 'sharingProfile');
  if (!profile) return current;
  const permissions = stringAt(profile, 'permissions') ?? 'Private';
  if (!SHARING.includes(permissions)) {
    throw badRequest('InvalidParameter', `'properties.sharingProfile.permissions' must be one of ${SHARING.join(', ')}; got '${permissions}'.`);
  }
  const info = objectAt(profile, 'communityGalleryInfo') ?? objectAt(current, 'communityGalleryInfo');
  if (permissions === 'Community') {
    const missing = COMMUNITY_FIELDS.filter((f) => !stringAt(info, f));
    if (missing.length > 0) {
      throw badRequest('InvalidParameter', `A community gallery needs 'properties.sharingProfile.communityGalleryInfo' with ${missing.map((f) => `'${f}'`).join(', ')}.`);
    }
  }
  const groups = arrayAt(current, 'groups');
  return {
    permissions,
    ...(groups && permissions === 'Groups' ? { groups } : {}),
    ...(info ? { communityGalleryInfo: { communityGalleryEnabled: false, ...info } } : {}),
  };
}

/** ARM lists who a gallery is shared with only when asked (`$select=Permissions`, or `$expand=SharingProfile/Groups`). */
function galleryView(gallery: GalleryRecord, req: ArmRequest): JsonObject {
  const profile = objectAt(gallery.properties, 'sharingProfile');
  const asked = req.query.get('$select')?.toLowerCase() === 'permissions' || req.query.get('$expand')?.toLowerCase() === 'sharingprofile/groups';
  if (!profile || asked || !('groups' in profile)) return envelope(gallery);
  const { groups: _hidden, ...shown } = profile;
  return envelope(gallery, { ...gallery.properties, sharingProfile: shown });
}

export function putGallery(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const name = req.params.galleryName ?? '';
  const problem = galleryNameProblem(name);
  if (problem) throw badRequest('InvalidParameter', problem);
  requireResourceGroup(ctx, req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
  const body = requireBody(req);
  const location = requireLocation(body);
  const props = propertiesOf(body);
  const id = galleryId(req.params);
  const existing = ctx.store.get(id, TYPE);
  if (existing && existing.location !== location) {
    throw conflict('PropertyChangeNotAllowed', `Changing property 'location' is not allowed (the gallery is in '${existing.location}').`);
  }
  if (existing) refuseWhileBusy(existing, 'gallery');
  const sharing = sharingProfile(props, objectAt(existing?.properties, 'sharingProfile'));
  const record: GalleryRecord = {
    type: TYPE,
    id: existing?.id ?? id,
    name: existing?.name ?? name,
    location,
    tags: readTags(body, existing?.tags),
    properties: {
      ...(existing?.properties ?? {}),
      ...(stringAt(props, 'description') !== undefined ? { description: stringAt(props, 'description') } : {}),
      identifier: { uniqueName: `${req.params.subscriptionId}-${name.toUpperCase()}` },
      ...(sharing ? { sharingProfile: sharing } : {}),
      provisioningState: 'Succeeded',
    },
  };
  if (!existing) return createContainer(ctx, req, record);
  ctx.store.put(record);
  return { status: 200, body: galleryView(record, req) };
}

export function patchGallery(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const gallery = requireGallery(ctx, req.params);
  refuseWhileBusy(gallery, 'gallery');
  const body = requireBody(req);
  const props = propertiesOf(body);
  gallery.tags = readTags(body, gallery.tags);
  const description = stringAt(props, 'description');
  if (description !== undefined) gallery.properties.description = description;
  const sharing = sharingProfile(props, objectAt(gallery.properties, 'sharingProfile'));
  if (sharing) gallery.properties.sharingProfile = sharing;
  ctx.store.put(gallery);
  return { status: 200, body: galleryView(gallery, req) };
}

export function getGallery(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  return { status: 200, body: galleryView(requireGallery(ctx, req.params), req) };
}

export function deleteGallery(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  requireResourceGroup(ctx, req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
  const gallery = ctx.store.get(galleryId(req.params), TYPE);
  return deleteContainer(ctx, req, gallery, 'Microsoft.Compute/galleries/images', { what: 'gallery', children: 'image definitions' });
}

export function listGalleries(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const sub = req.params.subscriptionId ?? '';
  const rg = req.params.resourceGroupName;
  const scope = rg ? (requireResourceGroup(ctx, sub, rg), resourceGroupId(sub, rg)) : (requireSubscription(ctx, sub), `/subscriptions/${sub}`);
  return pagedList(req, ctx.store.under(scope, TYPE).map((g) => galleryView(g, req)));
}
