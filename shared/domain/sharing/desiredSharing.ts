import type { GallerySpec } from '../catalog';
import { galleryResourceId } from '../policy/appRoles';
import { readerRoleDefinitionId } from './readerRole';
import type { DesiredReader, DesiredSharing } from './sharingState';

/** The catalog's sharing resolved to ARM scopes: a reader without images reads the gallery, else each named definition. */
export function desiredSharing(gallery: GallerySpec): DesiredSharing {
  const galleryId = galleryResourceId(gallery);
  const readers: DesiredReader[] = gallery.sharing.readers.flatMap((r) =>
    (r.images.length === 0 ? [galleryId] : r.images.map((image) => `${galleryId}/images/${image}`)).map((scope) => ({ scope, principalId: r.principalId, principalType: r.principalType })),
  );
  return {
    galleryId,
    roleDefinitionId: readerRoleDefinitionId(gallery.subscriptionId),
    readers,
    ...(gallery.sharing.direct === undefined ? {} : { direct: gallery.sharing.direct }),
    ...(gallery.sharing.community === undefined ? {} : { community: gallery.sharing.community }),
  };
}
