import type { CommunitySharingSpec } from '../domain/sharing/sharingSpec';
import type { ImageDefinitionRef } from './galleryPort';

/**
 * The gallery's lifecycle writes (deprecate, delete a version) and its sharing: what pruning, a failed run's
 * cleanup and the sharing reconciliation need. A capability of its own, so read-only callers never receive a port that deletes.
 */
export interface GalleryRef {
  subscriptionId: string;
  resourceGroup: string;
  galleryName: string;
}

/** `Private`, `Groups` (shared directly) or `Community`; whatever else ARM says is passed through. */
export type GallerySharing = string;

/** `sharingProfile` read with `$select=Permissions`: the permission and who the gallery is shared with directly. */
export interface GallerySharingProfile {
  permissions: GallerySharing;
  subscriptions: string[];
  tenants: string[];
}

/** One `share` action: ARM's SharingUpdate. */
export interface GallerySharingUpdate {
  operationType: 'Add' | 'Remove' | 'Reset' | 'EnableCommunity';
  groups?: { type: 'Subscriptions' | 'AADTenants'; ids: string[] }[];
}

/** Makes the gallery a `Groups` gallery, or a `Community` one with its public details (before `EnableCommunity`). */
export type GalleryPermissionsUpdate = { permissions: 'Groups' } | { permissions: 'Community'; community: Omit<CommunitySharingSpec, 'enforce'> };

export interface GalleryLifecyclePort {
  /** `sharingProfile.permissions`; `Private` when ARM reports no sharing profile. */
  getGallerySharing(gallery: GalleryRef): Promise<GallerySharing>;

  /** Starts a PATCH of excludeFromLatest = true and the end-of-life date; nothing else on the version changes. */
  startDeprecateImageVersion(ref: ImageDefinitionRef, version: string, endOfLifeDate: string): Promise<void>;
  /** Starts the DELETE and returns once ARM accepted it (the caller follows it by listing versions). */
  startDeleteImageVersion(ref: ImageDefinitionRef, version: string): Promise<void>;
}

/**
 * Who the gallery is shared with, and the writes that change it: the sharing reconciliation's capability, kept apart
 * so prune and the policy scan never receive a port that shares.
 */
export interface GallerySharingPort {
  /** One GET with `$select=Permissions`: the permission and the subscriptions and tenants (lower-case). */
  getGallerySharingProfile(gallery: GalleryRef): Promise<GallerySharingProfile>;
  /** Starts a PATCH of `sharingProfile` only (permissions, and the community details when going public). */
  startSetGalleryPermissions(gallery: GalleryRef, update: GalleryPermissionsUpdate): Promise<void>;
  /** Starts the gallery's `share` action; the caller follows it by reading the sharing profile. */
  startShareGallery(gallery: GalleryRef, update: GallerySharingUpdate): Promise<void>;
}
