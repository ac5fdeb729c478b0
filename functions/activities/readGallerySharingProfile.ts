import type { GallerySharingPort, GalleryRef, GallerySharingProfile } from '../../shared/ports/galleryLifecyclePort';

/** One GET of the gallery with `$select=Permissions`: the policy scan checks who it is shared with. */
export function createReadGallerySharingProfileActivity(ports: { gallerySharing: GallerySharingPort }) {
  return (gallery: GalleryRef): Promise<GallerySharingProfile> => ports.gallerySharing.getGallerySharingProfile(gallery);
}
