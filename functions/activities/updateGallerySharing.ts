import type { UpdateGallerySharingInput } from '../contracts';
import type { GallerySharingPort } from '../../shared/ports/galleryLifecyclePort';

/** Starts one sharing write (a PATCH of the permission, or a `share` action); the orchestration follows it by reading. */
export function createUpdateGallerySharingActivity(ports: { gallerySharing: GallerySharingPort }) {
  return async (input: UpdateGallerySharingInput): Promise<void> => {
    if (input.step === 'permissions') await ports.gallerySharing.startSetGalleryPermissions(input.gallery, input.update);
    else await ports.gallerySharing.startShareGallery(input.gallery, input.update);
  };
}
