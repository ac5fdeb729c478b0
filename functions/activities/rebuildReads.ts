import type { RebuildBaseOutput, RebuildImageState, ResolveBaseImageInput } from '../contracts';
import type { ComputePort } from '../../shared/ports/computePort';
import type { GalleryPort, ImageDefinitionRef, ImageVersionView } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';
import { buildProvenance, provenanceTags } from '../../shared/domain/provenance';
import type { VersionRegionGroup } from '../../shared/domain/reconcilePlan';
import { isDeprecated } from '../../shared/domain/retentionPlan';
import { readTag } from '../../shared/domain/tags';
import { CONSECUTIVE_FAILURES_TAG } from '../triggers/listImages';
import { createResolveBaseImageActivity } from './resolveBaseImage';

/** ISO time of the last failure the scheduled run recorded; pairs with the count so a later success is recognised. */
export const LAST_FAILURE_TAG = 'autopilot-last-failure';

/** A count that is missing, negative or not a number reads as 0: a hand-edited tag must not pause an image. */
export function failureCount(tags: Record<string, string>): number {
  const n = Number(readTag(tags, CONSECUTIVE_FAILURES_TAG) ?? '0');
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

export function lastFailureAt(tags: Record<string, string>): string | null {
  const value = readTag(tags, LAST_FAILURE_TAG);
  return value !== undefined && !Number.isNaN(Date.parse(value)) ? value : null;
}

function regionsOf(v: ImageVersionView) {
  return v.targetRegions.map((r) => ({ name: r.name, replicas: r.replicas, storageAccountType: r.storageAccountType ?? 'Standard_LRS' }));
}

/**
 * The versions besides `latest` that reconciliation keeps at the catalog's regions: succeeded (a failed or busy one is
 * not patched) and not deprecated (prune is retiring it). Grouped by region list so the state stays small.
 */
function otherLiveVersions(versions: readonly ImageVersionView[], latest: string | undefined): VersionRegionGroup[] {
  const groups = new Map<string, VersionRegionGroup>();
  for (const v of versions) {
    if (v.name === latest || v.provisioningState !== 'Succeeded' || isDeprecated(v)) continue;
    const targetRegions = regionsOf(v);
    const key = JSON.stringify(targetRegions);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { versions: [v.name], targetRegions });
    else group.versions.push(v.name);
  }
  return [...groups.values()];
}

/**
 * What a scheduled run needs to decide about one image: ONE version list (latest by DESIGN.md §6, the newest build
 * provenance, the regions of every live version) and ONE definition read (the failure count). Returns a compact view,
 * not the version list.
 */
export function createReadRebuildImageStateActivity(ports: { gallery: GalleryPort }) {
  return async (ref: ImageDefinitionRef): Promise<RebuildImageState> => {
    let versions, definition;
    try {
      [versions, definition] = await Promise.all([ports.gallery.listImageVersions(ref), ports.gallery.getImageDefinition(ref)]);
    } catch (error) {
      // An image new to the catalog: the build creates its definition. Throttling and outages are thrown (retry applies).
      if (errorCodeOf(error) !== 'NOT_FOUND') throw error;
      return { latest: null, consecutiveFailures: 0, lastFailureAt: null, definitionMissing: true };
    }
    const { latest, source } = buildProvenance(versions);
    // A captured latest has no recipe provenance; the newest version a build made says what was built last.
    const built = latest === null || source === null || source === latest ? undefined : source;
    const others = otherLiveVersions(versions, latest?.name);
    return {
      ...(built === undefined ? {} : { latestBuilt: { name: built.name, tags: provenanceTags(built.tags) } }),
      latest:
        latest === null
          ? null
          : { name: latest.name, publishedDate: latest.publishedDate, tags: provenanceTags(latest.tags), targetRegions: regionsOf(latest) },
      ...(others.length === 0 ? {} : { otherVersions: others }),
      consecutiveFailures: failureCount(definition.tags),
      lastFailureAt: lastFailureAt(definition.tags),
    };
  };
}

// A base image that does not exist (or an unparsable gallery ID) is an expected outcome for one image: that image is
// `blocked`, the others go on. Anything else (throttling, outages) is thrown so the retry policy applies.
const MISSING_CODES: readonly string[] = ['NOT_FOUND', 'BAD_REQUEST'];

/** The newest base version of one distinct base image: one platform-image list, or one source-gallery list. */
export function createResolveRebuildBaseActivity(ports: { compute: ComputePort; gallery: GalleryPort }) {
  const resolve = createResolveBaseImageActivity(ports);
  return async (input: ResolveBaseImageInput): Promise<RebuildBaseOutput> => {
    try {
      const resolved = await resolve(input);
      return { status: 'resolved', exact: resolved.exact, tag: resolved.tag };
    } catch (error) {
      const code = errorCodeOf(error) ?? (error instanceof Error ? /^([A-Z_]+):/.exec(error.message)?.[1] : undefined);
      if (code !== undefined && MISSING_CODES.includes(code)) {
        return { status: 'missing', reason: error instanceof Error ? error.message.slice(0, 500) : String(error) };
      }
      throw error;
    }
  };
}
