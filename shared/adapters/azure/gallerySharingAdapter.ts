import type { CommunitySharingSpec } from '../../domain/sharing/sharingSpec';
import type { GallerySharingPort } from '../../ports/galleryLifecyclePort';
import type { ClientFor } from './clientFor';
import { armCall } from './toPortError';

function communityInfo(c: Omit<CommunitySharingSpec, 'enforce'>) {
  return { publisherUri: c.publisherUri, publisherContact: c.publisherContact, eula: c.eula, publicNamePrefix: c.publicNamePrefix };
}

/** Who the gallery is shared with (one GET with `$select=Permissions`), and the writes that change it, each only started. */
export function createGallerySharingAdapter(clientFor: ClientFor): GallerySharingPort {
  return {
    getGallerySharingProfile: (gallery) =>
      armCall(`get gallery ${gallery.galleryName} sharing`, async () => {
        // Without $select=Permissions ARM leaves the groups out of sharingProfile.
        const g = await clientFor(gallery.subscriptionId).galleries.get(gallery.resourceGroup, gallery.galleryName, { select: 'Permissions' });
        const groups = g.sharingProfile?.groups ?? [];
        const idsOf = (type: string) => groups.filter((x) => x.type?.toLowerCase() === type.toLowerCase()).flatMap((x) => x.ids ?? []).map((id) => id.toLowerCase());
        return { permissions: g.sharingProfile?.permissions ?? 'Private', subscriptions: idsOf('Subscriptions'), tenants: idsOf('AADTenants') };
      }),

    startSetGalleryPermissions: (gallery, update) =>
      armCall(`set gallery ${gallery.galleryName} sharing to ${update.permissions}`, async () => {
        const sharingProfile = update.permissions === 'Groups' ? { permissions: 'Groups' } : { permissions: 'Community', communityGalleryInfo: communityInfo(update.community) };
        await clientFor(gallery.subscriptionId).galleries.update(gallery.resourceGroup, gallery.galleryName, { sharingProfile }).submitted();
      }),

    startShareGallery: (gallery, update) =>
      armCall(`share gallery ${gallery.galleryName} (${update.operationType})`, async () => {
        await clientFor(gallery.subscriptionId)
          .gallerySharingProfile.update(gallery.resourceGroup, gallery.galleryName, { operationType: update.operationType, ...(update.groups ? { groups: update.groups } : {}) })
          .submitted();
      }),
  };
}
