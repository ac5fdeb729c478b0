import { latestServing, type GloballyServingFacts } from './latest';
import { BASE_IMAGE_TAG, RECIPE_TAG } from './tags';
import { readTag } from './tags';
import { compareVersions, parseVersion } from './versions';

/** What deciding an image's build provenance needs to know of one version. */
export interface ProvenanceFacts extends GloballyServingFacts {
  tags: Record<string, string>;
}

/** A version's provenance tags only (`autopilot-base-image`, `autopilot-recipe-sha256`), under their canonical names. */
export function provenanceTags(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [BASE_IMAGE_TAG, RECIPE_TAG]) {
    const value = readTag(tags, name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** A build writes the recipe hash on every version; a capture never does (it may record its VM's base image). */
export function madeByBuild(version: { tags: Record<string, string> }): boolean {
  return readTag(version.tags, RECIPE_TAG) !== undefined;
}

export interface BuildProvenance<V> {
  /** The version `latest` resolves to without a region (latestVersion), or null. */
  latest: V | null;
  /**
   * The version whose provenance tags say what the image was last built from: `latest` when a build made it;
   * otherwise (a capture is latest, or nothing is) the highest succeeded version a build made; otherwise `latest`
   * itself, whose tags then say what is known (maybe nothing: provenance unknown). Null only when both are missing.
   */
  source: V | null;
}

/**
 * The newest build provenance of an image, from one version list. The rebuild planner compares the newest base image
 * and the recipe with `source`'s tags, and the version planner bumps the semver minor when the base image differs
 * from `source`'s: one rule, so a run that rebuilds for `base-image-changed` publishes a minor version.
 */
export function buildProvenance<V extends ProvenanceFacts>(versions: readonly V[]): BuildProvenance<V> {
  const latest = latestServing(versions);
  if (latest !== null && madeByBuild(latest)) return { latest, source: latest };
  let newestBuilt: V | null = null;
  for (const v of versions) {
    if (v.provisioningState.toLowerCase() !== 'succeeded' || !madeByBuild(v) || parseVersion(v.name) === null) continue;
    if (newestBuilt === null || compareVersions(v.name, newestBuilt.name) > 0) newestBuilt = v;
  }
  return { latest, source: newestBuilt ?? latest };
}

/** The parts of a VM's `storageProfile.imageReference` that name its image (structurally, ARM's model). */
export interface ImageReferenceFacts {
  id?: string;
  sharedGalleryImageId?: string;
  communityGalleryImageId?: string;
  publisher?: string;
  offer?: string;
  sku?: string;
  version?: string;
  exactVersion?: string;
}

/**
 * The exact image a VM was created from, written as a build writes its base image (resolveBaseImage's `exact`):
 * `publisher:offer:sku:version` for a platform image, a version ID for a gallery image, the ID for a managed image.
 * `latest` (a platform version, or a gallery definition without a version) counts only with the `exactVersion` ARM
 * resolved it to; without one the origin is not exactly known and this is null, as it is without a reference.
 */
export function exactImageOrigin(ref: ImageReferenceFacts | undefined): string | null {
  if (ref === undefined) return null;
  const id = ref.id ?? ref.sharedGalleryImageId ?? ref.communityGalleryImageId;
  if (id !== undefined) {
    const trimmed = id.replace(/\/+$/, '');
    // A gallery definition (also a shared or community one) without a version stands for its latest.
    if (!/galleries\/[^/]+\/images\/[^/]+$/i.test(trimmed)) return trimmed;
    return ref.exactVersion === undefined ? null : `${trimmed}/versions/${ref.exactVersion}`;
  }
  const { publisher, offer, sku } = ref;
  if (publisher === undefined || offer === undefined || sku === undefined) return null;
  const version = ref.version === undefined || ref.version.toLowerCase() === 'latest' ? ref.exactVersion : ref.version;
  return version === undefined ? null : `${publisher}:${offer}:${sku}:${version}`;
}
