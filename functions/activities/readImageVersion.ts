import type { ImageVersionRefInput } from '../contracts';
import type { GalleryPort, ImageVersionView } from '../../shared/ports/galleryPort';

export function createReadImageVersionActivity(ports: { gallery: GalleryPort }) {
  return (input: ImageVersionRefInput): Promise<ImageVersionView> => ports.gallery.getImageVersion(input.ref, input.version);
}
