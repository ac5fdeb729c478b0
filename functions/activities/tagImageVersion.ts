import type { TagImageVersionInput } from '../contracts';
import type { GalleryPort } from '../../shared/ports/galleryPort';

/**
 * Read, merge, PATCH: a PATCH replaces the tag set, so the version's other tags (provenance, the protect tag someone
 * set) are written back with the change. Repeating it converges; it skips the write when the tags already agree.
 */
export function createTagImageVersionActivity(ports: { gallery: GalleryPort }) {
  return async (input: TagImageVersionInput): Promise<null> => {
    const current = await ports.gallery.getImageVersion(input.ref, input.version);
    if (Object.entries(input.tags).every(([k, v]) => current.tags[k] === v)) return null;
    await ports.gallery.startUpdateImageVersion(input.ref, input.version, { tags: { ...current.tags, ...input.tags } });
    return null;
  };
}
