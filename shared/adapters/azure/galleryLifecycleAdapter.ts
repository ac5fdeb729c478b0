import type { GalleryLifecyclePort } from '../../ports/galleryLifecyclePort';
import type { ImageDefinitionRef } from '../../ports/galleryPort';
import type { ClientFor } from './clientFor';
import { armCall } from './toPortError';

/** Lifecycle writes: deprecate (PATCH) and delete, each only started; and the gallery's sharing. */
export function createGalleryLifecycleAdapter(clientFor: ClientFor): GalleryLifecyclePort {
  const versions = (ref: ImageDefinitionRef) => clientFor(ref.subscriptionId).galleryImageVersions;
  const label = (ref: ImageDefinitionRef, version: string) => `${ref.galleryName}/${ref.imageName}/${version}`;

  return {
    getGallerySharing: (gallery) =>
      armCall(`get gallery ${gallery.galleryName}`, async () => {
        const g = await clientFor(gallery.subscriptionId).galleries.get(gallery.resourceGroup, gallery.galleryName);
        return g.sharingProfile?.permissions ?? 'Private';
      }),

    startDeprecateImageVersion: (ref, version, endOfLifeDate) =>
      armCall(`deprecate version ${label(ref, version)}`, async () => {
        // Only the two lifecycle fields: a PATCH leaves target regions and replica counts as they are.
        const poller = versions(ref).update(ref.resourceGroup, ref.galleryName, ref.imageName, version, {
          publishingProfile: { excludeFromLatest: true, endOfLifeDate: new Date(endOfLifeDate) },
        });
        await poller.submitted();
      }),

    startDeleteImageVersion: (ref, version) =>
      armCall(`delete version ${label(ref, version)}`, async () => {
        await versions(ref).delete(ref.resourceGroup, ref.galleryName, ref.imageName, version).submitted();
      }),
  };
}
