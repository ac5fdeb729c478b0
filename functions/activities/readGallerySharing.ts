import type { ReadGallerySharingOutput } from '../contracts';
import type { GalleryLifecyclePort, GalleryRef } from '../../shared/ports/galleryLifecyclePort';
import { isGalleryShared } from '../../shared/domain/gallerySharing';

/** The gallery's sharing permission and whether it counts as shared (users no scan can see may exist). */
export function createReadGallerySharingActivity(ports: { galleryLifecycle: GalleryLifecyclePort }) {
  return async (gallery: GalleryRef): Promise<ReadGallerySharingOutput> => {
    const permissions = await ports.galleryLifecycle.getGallerySharing(gallery);
    return { permissions, shared: isGalleryShared(permissions) };
  };
}
