import type { ImageDefinitionRef } from './galleryPort';

/**
 * Writes an image definition's tags (the consecutive-failure count lives there, docs/architecture.md#state-lives-in-azure-and-durable). A capability of its
 * own: only the failure count writes definition tags, and read-only callers never receive this port.
 */
export interface DefinitionTagsPort {
  /** Replaces the definition's tags with `tags` (ARM PATCH semantics for tags); returns once ARM applied them. */
  setImageDefinitionTags(ref: ImageDefinitionRef, tags: Record<string, string>): Promise<void>;
}
