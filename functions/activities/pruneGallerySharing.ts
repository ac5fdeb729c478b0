import type { ReadGallerySharingOutput } from '../contracts';
import type { GalleryLifecyclePort, GalleryRef } from '../../shared/ports/galleryPort';

/**
 * A gallery shared directly (`Groups`) or to the community may have users no scan can see (DESIGN.md §6): any
 * permission other than `Private` counts as shared, including values ARM may add later.
 */
export function createPruneGallerySharingActivity(ports: { prune: { lifecycle: GalleryLifecyclePort } }) {
  return async (gallery: GalleryRef): Promise<ReadGallerySharingOutput> => {
    const permissions = await ports.prune.lifecycle.getGallerySharing(gallery);
    return { permissions, shared: permissions.toLowerCase() !== 'private' };
  };
}
