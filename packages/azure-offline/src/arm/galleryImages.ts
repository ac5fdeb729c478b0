/** Microsoft.Compute/galleries/images (image definitions). */
import { badRequest, conflict, resourceNotFound } from './armError';
import { createContainer, refuseWhileBusy } from './containerProvisioning';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { galleryId, requireGallery } from './galleries';
import { objectAt, stringAt, type JsonObject } from './json';
import { deleteContainer } from './deleteContainer';
import { imageNameProblem } from './nameRules';
import { envelope, isoDate, pagedList, propertiesOf, readTags, requireBody, requireLocation, requireString } from './resourceCommon';
import type { ImageRecord } from './state';

const TYPE = 'Microsoft.Compute/galleries/images';
const IMMUTABLE = ['osType', 'osState', 'hyperVGeneration', 'architecture'] as const;

export function imageId(p: Record<string, string>): string {
  return `${galleryId(p)}/images/${p.galleryImageName ?? ''}`;
}

export function requireImage(ctx: EmulatorContext, p: Record<string, string>): ImageRecord {
  requireGallery(ctx, p);
  const image = ctx.store.get(imageId(p), TYPE);
  if (!image) throw resourceNotFound(TYPE, `${p.galleryName}/${p.galleryImageName}`, p.resourceGroupName);
  return image;
}

function oneOf(props: JsonObject, field: string, allowed: string[], fallback?: string): string {
  const value = stringAt(props, field) ?? fallback;
  if (value === undefined) throw badRequest('InvalidParameter', `'properties.${field}' is required; one of ${allowed.join(', ')}.`);
  const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  if (!match) throw badRequest('InvalidParameter', `'properties.${field}' must be one of ${allowed.join(', ')}; got '${value}'.`);
  return match;
}

export function putImage(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const name = req.params.galleryImageName ?? '';
  const problem = imageNameProblem(name);
  if (problem) throw badRequest('InvalidParameter', problem);
  const gallery = requireGallery(ctx, req.params);
  const body = requireBody(req);
  const location = requireLocation(body, gallery.location);
  const props = propertiesOf(body);
  const identifier = objectAt(props, 'identifier');
  const publisher = requireString(identifier, 'publisher', 'properties.identifier.publisher');
  const offer = requireString(identifier, 'offer', 'properties.identifier.offer');
  const sku = requireString(identifier, 'sku', 'properties.identifier.sku');
  const next: JsonObject = {
    ...props,
    identifier: { publisher, offer, sku },
    osType: oneOf(props, 'osType', ['Linux', 'Windows']),
    osState: oneOf(props, 'osState', ['Generalized', 'Specialized']),
    hyperVGeneration: oneOf(props, 'hyperVGeneration', ['V1', 'V2'], 'V2'),
    architecture: oneOf(props, 'architecture', ['x64', 'Arm64'], 'x64'),
    ...(props.endOfLifeDate !== undefined ? { endOfLifeDate: isoDate(props.endOfLifeDate, 'properties.endOfLifeDate') } : {}),
    provisioningState: 'Succeeded',
  };
  const id = imageId(req.params);
  const existing = ctx.store.get(id, TYPE);
  for (const sibling of ctx.store.under(gallery.id, TYPE)) {
    const other = objectAt(sibling.properties, 'identifier');
    const same = ['publisher', 'offer', 'sku'].every((f) => stringAt(other, f)?.toLowerCase() === stringAt(next.identifier, f)?.toLowerCase());
    if (same && sibling.id.toLowerCase() !== id.toLowerCase()) {
      throw conflict('Conflict', `Gallery image '${sibling.name}' already uses publisher/offer/sku '${publisher}/${offer}/${sku}' in gallery '${gallery.name}'.`);
    }
  }
  if (existing) {
    refuseWhileBusy(existing, 'image definition');
    for (const field of [...IMMUTABLE, 'identifier'] as const) {
      if (JSON.stringify(existing.properties[field]) !== JSON.stringify(next[field])) {
        throw conflict('PropertyChangeNotAllowed', `Changing property 'properties.${field}' is not allowed.`);
      }
    }
  }
  const record: ImageRecord = { type: TYPE, id: existing?.id ?? id, name: existing?.name ?? name, location, tags: readTags(body, existing?.tags), properties: next };
  if (!existing) return createContainer(ctx, req, record);
  ctx.store.put(record);
  return { status: 200, body: envelope(record) };
}

export function patchImage(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const image = requireImage(ctx, req.params);
  refuseWhileBusy(image, 'image definition');
  const body = requireBody(req);
  const props = propertiesOf(body);
  for (const field of [...IMMUTABLE, 'identifier']) {
    if (props[field] !== undefined && JSON.stringify(props[field]) !== JSON.stringify(image.properties[field])) {
      throw conflict('PropertyChangeNotAllowed', `Changing property 'properties.${field}' is not allowed.`);
    }
  }
  image.tags = readTags(body, image.tags);
  for (const field of ['description', 'eula', 'recommended', 'disallowed', 'features', 'purchasePlan', 'privacyStatementUri', 'releaseNoteUri']) {
    const value = props[field];
    if (value !== undefined) image.properties[field] = value;
  }
  if (props.endOfLifeDate !== undefined) image.properties.endOfLifeDate = isoDate(props.endOfLifeDate, 'properties.endOfLifeDate');
  ctx.store.put(image);
  return { status: 200, body: envelope(image) };
}

export function getImage(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  return { status: 200, body: envelope(requireImage(ctx, req.params)) };
}

export function deleteImage(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  requireGallery(ctx, req.params);
  const image = ctx.store.get(imageId(req.params), TYPE);
  return deleteContainer(ctx, req, image, 'Microsoft.Compute/galleries/images/versions', { what: 'image definition', children: 'versions' });
}

export function listImages(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const gallery = requireGallery(ctx, req.params);
  return pagedList(req, ctx.store.under(gallery.id, TYPE).map((i) => envelope(i)));
}
