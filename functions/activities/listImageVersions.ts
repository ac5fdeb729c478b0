import type { GalleryPort, ImageDefinitionRef, ImageVersionView } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';

/** A definition that does not exist yet (an image new to the catalog) has no versions: nothing to plan or prune. */
export async function versionsOrNone(gallery: GalleryPort, ref: ImageDefinitionRef): Promise<ImageVersionView[]> {
  try {
    return await gallery.listImageVersions(ref);
  } catch (error) {
    if (errorCodeOf(error) === 'NOT_FOUND') return [];
    throw error;
  }
}

export function createListImageVersionsActivity(ports: { gallery: GalleryPort }) {
  return (ref: ImageDefinitionRef): Promise<ImageVersionView[]> => versionsOrNone(ports.gallery, ref);
}
