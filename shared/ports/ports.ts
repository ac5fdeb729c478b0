import type { ComputePort } from './computePort';
import type { DefinitionTagsPort } from './definitionTagsPort';
import type { GalleryInventoryPort } from './galleryInventoryPort';
import type { GalleryLifecyclePort, GallerySharingPort } from './galleryLifecyclePort';
import type { GalleryPort } from './galleryPort';
import type { IdentityPort } from './identityPort';
import type { ImportSourcePort } from './importSourcePort';
import type { NotificationPort } from './notificationPort';
import type { RoleAssignmentPort, RoleAssignmentWritePort } from './roleAssignmentPort';
import type { RunStore } from './runStore';
import type { UsagePort } from './usagePort';

/**
 * Every port the app's activities and triggers depend on, by capability; adapters implement them and only
 * functions/composition builds them. Features take the slice they use (`Pick<Ports, 'gallery' | 'usage'>`).
 */
export interface Ports {
  gallery: GalleryPort;
  compute: ComputePort;
  /** VMs and scale sets that reference gallery images, by listing. */
  usage: UsagePort;
  /** Deprecate and delete versions; the gallery's sharing. */
  galleryLifecycle: GalleryLifecyclePort;
  /** Who the gallery is shared with directly or to the community, and the writes that change it. */
  gallerySharing: GallerySharingPort;
  /** The consecutive-failure count on image definitions. */
  definitionTags: DefinitionTagsPort;
  /** CloudEvents to the configured topic, or nowhere when none is configured. */
  notifications: NotificationPort;
  /** Role assignments and definitions, read-only. */
  roleAssignments: RoleAssignmentPort;
  /** The reader role assignments sharing creates and removes. */
  roleAssignmentWrites: RoleAssignmentWritePort;
  /** The run history and the singleton locks (Table storage). */
  runs: RunStore;
  /** Every gallery, definition and version of a subscription, for naming scans. */
  galleryInventory: GalleryInventoryPort;
  /** Managed images, snapshots and disks an import brings into the gallery. */
  importSources: ImportSourcePort;
  /** User-assigned identities a build VM is given (`build.identity`), read to check they exist. */
  identities: IdentityPort;
  /**
   * The same ARM reads for HTTP routes, which a person or a pipeline waits on: ARM's Retry-After is waited out only
   * while short, so a throttled route answers 503 with the hint in seconds instead of holding the call for minutes.
   */
  routes: { gallery: GalleryPort; compute: ComputePort; importSources: ImportSourcePort };
}
