import type { RebuildImageState } from '../contracts';
import type { GalleryPort, ImageDefinitionRef, ImageVersionView } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';
import { buildProvenance, provenanceTags } from '../../shared/domain/provenance';
import type { VersionRegionGroup } from '../../shared/domain/reconcilePlan';
import { isDeprecated } from '../../shared/domain/retentionPlan';
import { failureCount, lastFailureAt } from '../../shared/domain/tags';

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
 * What a scheduled run needs to decide about one image: ONE version list (latest by docs/architecture.md#azure-rules-worth-knowing, the newest build
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
