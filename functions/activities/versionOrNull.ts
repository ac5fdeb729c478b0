import type { GalleryPort, ImageDefinitionRef, ImageVersionView } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';

/** A fresh GET of one version; 404 is an answer (null), not a failure. */
export async function versionOrNull(gallery: GalleryPort, input: { ref: ImageDefinitionRef; version: string }): Promise<ImageVersionView | null> {
  try {
    return await gallery.getImageVersion(input.ref, input.version);
  } catch (error) {
    if (errorCodeOf(error) === 'NOT_FOUND') return null;
    throw error;
  }
}
