/**
 * Marketplace (platform) images per location: list versions of publisher/offer/sku, get one, and resolve an image
 * reference (with `latest`) the way VM creation does.
 */
import { notFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { compareVersionNames } from './nameRules';
import { normalizeRegion } from './regions';
import { requireSubscription } from './resourceCommon';
import type { PlatformImageRecord } from './state';

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function platformVersions(ctx: EmulatorContext, location: string, publisher: string, offer: string, sku: string): PlatformImageRecord[] {
  return ctx.store.state.platformImages
    .filter((i) => normalizeRegion(i.location) === normalizeRegion(location) && eq(i.publisher, publisher) && eq(i.offer, offer) && eq(i.sku, sku))
    .sort((a, b) => compareVersionNames(a.version, b.version));
}

interface PlatformRef {
  publisher: string;
  offer: string;
  sku: string;
  version: string;
}

function findPlatformImage(ctx: EmulatorContext, location: string, ref: PlatformRef): PlatformImageRecord | undefined {
  const versions = platformVersions(ctx, location, ref.publisher, ref.offer, ref.sku);
  return eq(ref.version, 'latest') ? versions[versions.length - 1] : versions.find((v) => eq(v.version, ref.version));
}

/** What VM and scale-set creation reports for an image reference the location does not have (target `imageReference`). */
export function resolvePlatformImage(ctx: EmulatorContext, location: string, ref: PlatformRef): PlatformImageRecord {
  const found = findPlatformImage(ctx, location, ref);
  if (!found) {
    throw notFound(
      'PlatformImageNotFound',
      `The platform image '${ref.publisher}:${ref.offer}:${ref.sku}:${ref.version}' is not available in location '${location}'. Verify that all fields in the storage profile are correct.`,
    );
  }
  return found;
}

// The image catalogue itself answers a plain NotFound, for an unknown version as for an unknown publisher/offer/sku.
const artifactNotFound = () => notFound('NotFound', 'Artifact: VMImage was not found.');

function imageResourceId(sub: string, i: PlatformImageRecord): string {
  return `/Subscriptions/${sub}/Providers/Microsoft.Compute/Locations/${i.location}/Publishers/${i.publisher}/ArtifactTypes/VMImage/Offers/${i.offer}/Skus/${i.sku}/Versions/${i.version}`;
}

export function listPlatformVersions(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const p = req.params;
  requireSubscription(ctx, p.subscriptionId ?? '');
  let versions = platformVersions(ctx, p.location ?? '', p.publisherName ?? '', p.offer ?? '', p.skus ?? '');
  if (versions.length === 0) throw artifactNotFound();
  if ((req.query.get('$orderby') ?? '').toLowerCase().includes('desc')) versions = [...versions].reverse();
  const top = Number.parseInt(req.query.get('$top') ?? '', 10);
  if (Number.isInteger(top) && top > 0) versions = versions.slice(0, top);
  return { status: 200, body: versions.map((v) => ({ location: v.location, name: v.version, id: imageResourceId(p.subscriptionId ?? '', v) })) };
}

export function getPlatformVersion(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const p = req.params;
  requireSubscription(ctx, p.subscriptionId ?? '');
  const image = findPlatformImage(ctx, p.location ?? '', { publisher: p.publisherName ?? '', offer: p.offer ?? '', sku: p.skus ?? '', version: p.version ?? '' });
  if (!image) throw artifactNotFound();
  return {
    status: 200,
    body: {
      location: image.location,
      name: image.version,
      id: imageResourceId(p.subscriptionId ?? '', image),
      properties: {
        osDiskImage: { operatingSystem: image.osType, sizeInGB: 30 },
        hyperVGeneration: image.hyperVGeneration,
        architecture: image.architecture,
        dataDiskImages: [],
      },
    },
  };
}
