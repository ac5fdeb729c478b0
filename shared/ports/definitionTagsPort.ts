import type { ImageDefinitionRef } from './galleryPort';

/**
 * Writes an image definition's tags (issue 7: the consecutive-failure count lives there, DESIGN.md §4). Beside
 * GalleryPort, not in it, so GalleryPort's implementations stay as they are.
 */
export interface DefinitionTagsPort {
  /** Replaces the definition's tags with `tags` (ARM PATCH semantics for tags); returns once ARM applied them. */
  setImageDefinitionTags(ref: ImageDefinitionRef, tags: Record<string, string>): Promise<void>;
}
