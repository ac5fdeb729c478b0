import type { Catalog } from '../shared/domain/catalog';
import type { AppConfig } from '../shared/config/loadConfig';
import type { ComputePort } from '../shared/ports/computePort';
import type { GalleryLifecyclePort, GalleryPort } from '../shared/ports/galleryPort';
import type { UsagePort } from '../shared/ports/usagePort';
import type { DefinitionTagsPort } from '../shared/ports/definitionTagsPort';
import type { NotificationPort } from '../shared/ports/notificationPort';
import type { RoleAssignmentPort } from '../shared/ports/rbac';
import type { GalleryInventoryPort } from '../shared/ports/rbacGalleryInventory';

/** The ports the app's activities and triggers depend on; adapters implement them (functions/dependencies.ts). */
export interface Ports {
  gallery: GalleryPort;
  compute: ComputePort;
  /** Prune (issue 8): usage by listing, and the lifecycle writes (deprecate, delete) plus the gallery's sharing. */
  prune: { usage: UsagePort; lifecycle: GalleryLifecyclePort };
  /** Hands-off (issue 7): the consecutive-failure tag on image definitions. */
  handsOff: { definitionTags: DefinitionTagsPort };
  /** Notifications (issue 10): CloudEvents to the configured topic, or nowhere when none is configured. */
  notifications: NotificationPort;
  /** Policy (issue 9): role assignments and definitions, read-only. */
  rbac: RoleAssignmentPort;
  /** Policy (issue 9): every gallery, definition and version of the subscription, for naming scans. */
  galleryInventory: GalleryInventoryPort;
  /**
   * The same ARM reads for HTTP routes, which a person or a pipeline waits on: ARM's Retry-After is waited out only
   * while short, so a throttled route answers 503 with the hint in seconds instead of holding the call for minutes.
   */
  routes: { gallery: GalleryPort; compute: ComputePort };
}

/** What every feature's register function receives from the composition root. */
export interface AppContext {
  config: AppConfig;
  catalog: Catalog;
  ports: Ports;
}
