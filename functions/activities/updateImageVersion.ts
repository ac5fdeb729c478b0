import type { UpdateImageVersionInput } from '../contracts';
import type { GalleryPort } from '../../shared/ports/galleryPort';

/** PATCH of the updatable fields only (target regions, excludeFromLatest): repeating it converges. */
export function createUpdateImageVersionActivity(ports: { gallery: GalleryPort }) {
  return async (input: UpdateImageVersionInput): Promise<null> => {
    await ports.gallery.startUpdateImageVersion(input.ref, input.version, input.spec);
    return null;
  };
}
