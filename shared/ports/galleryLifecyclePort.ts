import type { ImageDefinitionRef } from './galleryPort';

/**
 * The gallery's lifecycle writes (deprecate, delete a version) and its sharing: what pruning and a failed run's
 * cleanup need. A capability of its own, so read-only callers never receive a port that deletes.
 */
export interface GalleryRef {
  subscriptionId: string;
  resourceGroup: string;
  galleryName: string;
}

/** `Private`, `Groups` (shared directly) or `Community`; whatever else ARM says is passed through. */
export type GallerySharing = string;

export interface GalleryLifecyclePort {
  /** `sharingProfile.permissions`; `Private` when ARM reports no sharing profile. */
  getGallerySharing(gallery: GalleryRef): Promise<GallerySharing>;
  /** Starts a PATCH of excludeFromLatest = true and the end-of-life date; nothing else on the version changes. */
  startDeprecateImageVersion(ref: ImageDefinitionRef, version: string, endOfLifeDate: string): Promise<void>;
  /** Starts the DELETE and returns once ARM accepted it (the caller follows it by listing versions). */
  startDeleteImageVersion(ref: ImageDefinitionRef, version: string): Promise<void>;
}
