/** One named resource as listed: enough to check its name and point a finding at it. */
export interface NamedArmResource {
  id: string;
  name: string;
}

/**
 * The gallery inventory the policy scan name-checks: every gallery of a subscription, their definitions and
 * versions, including galleries the catalog does not manage (a hand-made `Legacy-Images` is exactly what naming
 * findings are for). Read-only, by listing; GalleryPort reads the catalog's own gallery, this one every gallery.
 */
export interface GalleryInventoryPort {
  listGalleries(subscriptionId: string): Promise<NamedArmResource[]>;
  /** `galleryId` as listed: `/subscriptions/…/resourceGroups/…/providers/Microsoft.Compute/galleries/{name}`. */
  listImageDefinitions(galleryId: string): Promise<NamedArmResource[]>;
  listImageVersions(definitionId: string): Promise<NamedArmResource[]>;
}
