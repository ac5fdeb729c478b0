import { PortError } from '../../ports/portError';
import type { GalleryInventoryPort, NamedArmResource } from '../../ports/galleryInventoryPort';
import type { ClientFor } from './clientFor';
import { armCall } from './toPortError';

interface GalleryPath {
  subscriptionId: string;
  resourceGroup: string;
  gallery: string;
  image?: string;
}

const GALLERY_PATH = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.compute\/galleries\/([^/]+)(?:\/images\/([^/]+))?\/?$/i;

function parseGalleryPath(id: string): GalleryPath {
  const match = GALLERY_PATH.exec(id.replace(/\/{2,}/g, '/'));
  const [, subscriptionId, resourceGroup, gallery, image] = match ?? [];
  if (subscriptionId === undefined || resourceGroup === undefined || gallery === undefined) {
    throw new PortError('BAD_REQUEST', `not a gallery or image definition ID: ${JSON.stringify(id.slice(0, 300))}`);
  }
  return { subscriptionId, resourceGroup, gallery, ...(image === undefined ? {} : { image }) };
}

/** ARM always returns id and name; an item without them is skipped rather than named wrongly. */
function named(item: { id?: string; name?: string }): NamedArmResource[] {
  return item.id !== undefined && item.name !== undefined ? [{ id: item.id, name: item.name }] : [];
}

async function collect<T extends { id?: string; name?: string }>(items: AsyncIterable<T>): Promise<NamedArmResource[]> {
  const out: NamedArmResource[] = [];
  for await (const item of items) for (const resource of named(item)) out.push(resource);
  return out;
}

/** Paged lists only (no GET per item), through the same compute client factory the gallery adapter uses. */
export function createGalleryInventoryAdapter(clientFor: ClientFor): GalleryInventoryPort {
  return {
    listGalleries: (subscriptionId) => armCall(`list galleries of subscription ${subscriptionId}`, () => collect(clientFor(subscriptionId).galleries.list())),
    listImageDefinitions: (galleryId) =>
      armCall(`list image definitions of ${galleryId}`, () => {
        const p = parseGalleryPath(galleryId);
        return collect(clientFor(p.subscriptionId).galleryImages.listByGallery(p.resourceGroup, p.gallery));
      }),
    listImageVersions: (definitionId) =>
      armCall(`list versions of ${definitionId}`, () => {
        const p = parseGalleryPath(definitionId);
        if (p.image === undefined) throw new PortError('BAD_REQUEST', `not an image definition ID: ${JSON.stringify(definitionId.slice(0, 300))}`);
        return collect(clientFor(p.subscriptionId).galleryImageVersions.listByGalleryImage(p.resourceGroup, p.gallery, p.image));
      }),
  };
}
