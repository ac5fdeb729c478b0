import type { BaseImage } from './catalog';

export interface GalleryCoordinates {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

function definitionId(gallery: GalleryCoordinates, image: string): string {
  return `/subscriptions/${gallery.subscriptionId}/resourceGroups/${gallery.resourceGroup}/providers/Microsoft.Compute/galleries/${gallery.name}/images/${image}`;
}

function canonical(id: string): string {
  return id.toLowerCase().replace(/\/{2,}/g, '/').replace(/\/$/, '');
}

/**
 * For each catalog image built on another one — its base image is a gallery image naming that image's definition in
 * the catalog's gallery, so it follows that image's latest version — the name of that other image. A base pinned to a
 * version ID follows nothing (a new version of it changes nothing), and an image never follows itself. IDs compare
 * case-insensitively, as ARM does.
 */
export function catalogBaseImages(gallery: GalleryCoordinates, images: readonly { name: string; baseImage: BaseImage }[]): Map<string, string> {
  const byDefinition = new Map(images.map((i) => [canonical(definitionId(gallery, i.name)), i.name]));
  const follows = new Map<string, string>();
  for (const image of images) {
    if (image.baseImage.type !== 'gallery') continue;
    const base = byDefinition.get(canonical(image.baseImage.imageId));
    if (base !== undefined && base.toLowerCase() !== image.name.toLowerCase()) follows.set(image.name, base);
  }
  return follows;
}

/**
 * The next wave of a scheduled run's builds: the first `limit` images of `pending` (kept in order) whose base image is
 * not itself pending, so a base is built and promoted before the images built on it. Should the catalog hold a cycle
 * (A on B, B on A), nothing would ever be ready: then the first pending image goes alone, which breaks the cycle.
 */
export function nextWave(pending: readonly string[], follows: ReadonlyMap<string, string>, limit: number): string[] {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit: must be an integer >= 1, got ${limit}`);
  const waiting = new Set(pending.map((name) => name.toLowerCase()));
  const ready = pending.filter((name) => {
    const base = follows.get(name);
    return base === undefined || !waiting.has(base.toLowerCase());
  });
  return ready.length > 0 ? ready.slice(0, limit) : pending.slice(0, 1);
}
