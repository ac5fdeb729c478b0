/**
 * What the catalog says about sharing the gallery (docs/sharing.md): in-tenant readers through role assignments, a
 * direct shared gallery for whole subscriptions and tenants, and the community gallery. Each model the catalog leaves
 * out is left alone: reconciliation only ever changes what the catalog declares.
 */
export type ReaderPrincipalType = 'Group' | 'User' | 'ServicePrincipal';

export interface ReaderSpec {
  /** Entra object ID (lower-case GUID). */
  principalId: string;
  principalType: ReaderPrincipalType;
  /** Catalog image names whose definitions the reader may use; empty = the whole gallery. */
  images: string[];
}

/** The complete list of subscriptions and tenants the gallery is shared with directly (lower-case GUIDs). */
export interface DirectSharingSpec {
  subscriptions: string[];
  tenants: string[];
}

/** `sharingProfile.communityGalleryInfo` as ARM takes it; `enforce` is the owner's acknowledgement that it is public. */
export interface CommunitySharingSpec {
  publisherUri: string;
  publisherContact: string;
  eula: string;
  publicNamePrefix: string;
  enforce: true;
}

export interface SharingSpec {
  readers: ReaderSpec[];
  /** Absent: direct sharing is not managed (whatever the gallery has stays). */
  direct?: DirectSharingSpec;
  /** Absent: the gallery is not shared to the community by the app. */
  community?: CommunitySharingSpec;
}

/** Which sharing the catalog allows at all; anything else the gallery shows is a policy finding. */
export interface SharingAllowList {
  subscriptions: string[];
  tenants: string[];
  community: boolean;
}
