import type { GalleryVersionView } from '../domain/latest';
import type { ImageVersionView } from './galleryPort';

/** The domain's view of a version: replication per region, with each region's own excludeFromLatest when set. */
export function toGalleryVersionView(v: ImageVersionView): GalleryVersionView {
  const regionalExclude = new Map(v.targetRegions.map((r) => [r.name.toLowerCase(), r.excludeFromLatest]));
  return {
    name: v.name,
    publishedDate: v.publishedDate,
    excludeFromLatest: v.excludeFromLatest,
    endOfLifeDate: v.endOfLifeDate,
    provisioningState: v.provisioningState,
    tags: v.tags,
    regions: v.replication.regions.map((r) => {
      const exclude = regionalExclude.get(r.region.toLowerCase());
      return exclude === undefined ? { region: r.region, state: r.state } : { region: r.region, state: r.state, excludeFromLatest: exclude };
    }),
    blockDeletionBeforeEndOfLife: v.blockDeletionBeforeEndOfLife,
  };
}
