import type { RebuildImageState } from '../contracts';
import type { GalleryPort, ImageDefinitionRef } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';
import { latestVersion } from '../../shared/domain/latest';
import { compareVersions, parseVersion } from '../../shared/domain/versions';
import { toGalleryVersionView } from '../../shared/ports/galleryVersionView';
import { BASE_IMAGE_TAG, failureCount, lastFailureAt, RECIPE_TAG, readTag } from '../../shared/domain/tags';

function provenanceOf(version: { tags: Record<string, string> } | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const name of [BASE_IMAGE_TAG, RECIPE_TAG]) {
    const value = version === undefined ? undefined : readTag(version.tags, name);
    if (value !== undefined) tags[name] = value;
  }
  return tags;
}

/** The highest succeeded version carrying a recipe tag (one a build made), if any. */
function newestBuilt<V extends { name: string; provisioningState: string; tags: Record<string, string> }>(versions: readonly V[]): V | undefined {
  return versions
    .filter((v) => v.provisioningState === 'Succeeded' && readTag(v.tags, RECIPE_TAG) !== undefined && parseVersion(v.name) !== null)
    .sort((a, b) => compareVersions(b.name, a.name))[0];
}

/**
 * What a scheduled run needs to decide about one image: ONE version list (latest by DESIGN.md §6, its provenance
 * tags and regions) and ONE definition read (the failure count). Returns a compact view, not the version list.
 */
export function createReadRebuildImageStateActivity(ports: { gallery: GalleryPort }) {
  return async (ref: ImageDefinitionRef): Promise<RebuildImageState> => {
    let versions, definition;
    try {
      [versions, definition] = await Promise.all([ports.gallery.listImageVersions(ref), ports.gallery.getImageDefinition(ref)]);
    } catch (error) {
      // A catalog image without a definition blocks only itself; throttling and outages are thrown (retry applies).
      if (errorCodeOf(error) !== 'NOT_FOUND') throw error;
      const problem = `definition-missing: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`;
      return { latest: null, consecutiveFailures: 0, lastFailureAt: null, problem };
    }
    const latestName = latestVersion(versions.map(toGalleryVersionView));
    const latest = latestName === null ? undefined : versions.find((v) => v.name === latestName);
    const tags = provenanceOf(latest);
    // A captured latest has no recipe provenance; the newest version a build made says what was built last.
    const built = latest === undefined || readTag(latest.tags, RECIPE_TAG) !== undefined ? undefined : newestBuilt(versions);
    return {
      ...(built === undefined ? {} : { latestBuilt: { name: built.name, tags: provenanceOf(built) } }),
      latest:
        latest === undefined
          ? null
          : {
              name: latest.name,
              publishedDate: latest.publishedDate,
              tags,
              targetRegions: latest.targetRegions.map((r) => ({ name: r.name, replicas: r.replicas, storageAccountType: r.storageAccountType ?? 'Standard_LRS' })),
            },
      consecutiveFailures: failureCount(definition.tags),
      lastFailureAt: lastFailureAt(definition.tags),
    };
  };
}
