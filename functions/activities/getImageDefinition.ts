import type { GalleryPort, ImageDefinitionRef, ImageDefinitionView } from '../../shared/ports/galleryPort';

export function createGetImageDefinitionActivity(ports: { gallery: GalleryPort }) {
  return (ref: ImageDefinitionRef): Promise<ImageDefinitionView> => ports.gallery.getImageDefinition(ref);
}
