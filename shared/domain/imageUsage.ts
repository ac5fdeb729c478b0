import type { GalleryVersionView } from './latest';
import { latestVersion } from './latest';

/** A VM or scale set referencing a gallery image by ID (the usage port's ImageUser has this shape). */
export interface ImageReferrer {
  /** The VM's or scale set's resource ID. */
  id: string;
  /** Normalized region: a definition reference resolves `latest` in the user's own region. */
  location: string;
  /** `storageProfile.imageReference.id` as ARM returned it (compare case-insensitively). */
  imageId: string;
}

/**
 * Version name → IDs of the VMs / scale sets using it: a user referencing a version ID uses that
 * version; one referencing the definition ID uses whatever `latest` is in ITS region. IDs compare ignoring case
 * (ARM echoes whatever casing the creator used). Users of other images are ignored.
 */
export function usageByVersion(definitionId: string, versions: readonly GalleryVersionView[], users: readonly ImageReferrer[]): Record<string, string[]> {
  const definition = definitionId.toLowerCase().replace(/\/+$/, '');
  const versionPrefix = `${definition}/versions/`;
  const byLowerName = new Map(versions.map((v) => [v.name.toLowerCase(), v.name]));
  const latestIn = new Map<string, string | null>();
  const usage: Record<string, string[]> = {};
  const add = (version: string, user: string) => {
    const list = Object.hasOwn(usage, version) ? usage[version] : undefined;
    if (list) {
      if (!list.includes(user)) list.push(user);
    } else {
      usage[version] = [user];
    }
  };
  for (const user of users) {
    const ref = user.imageId.toLowerCase().replace(/\/+$/, '');
    if (ref === definition) {
      if (!latestIn.has(user.location)) latestIn.set(user.location, latestVersion(versions, user.location));
      const latest = latestIn.get(user.location);
      if (latest) add(latest, user.id);
    } else if (ref.startsWith(versionPrefix)) {
      const name = byLowerName.get(ref.slice(versionPrefix.length));
      if (name !== undefined) add(name, user.id);
    }
  }
  return usage;
}

/** True when `imageId` is the definition or one of its versions (case-insensitive). */
export function referencesDefinition(definitionId: string, imageId: string): boolean {
  const definition = definitionId.toLowerCase().replace(/\/+$/, '');
  const ref = imageId.toLowerCase().replace(/\/+$/, '');
  return ref === definition || ref.startsWith(`${definition}/versions/`);
}

/**
 * The users of each image (name → definition ID), in the order listed: a user seen twice (through two overlapping
 * scopes, a subscription and one of its groups) is counted once. Users of other images are left out.
 */
export function usersByImage<U extends ImageReferrer>(definitions: Readonly<Record<string, string>>, users: readonly U[]): Record<string, U[]> {
  const images = Object.entries(definitions);
  const byImage: Record<string, U[]> = {};
  const seen: Record<string, Set<string>> = {};
  for (const [image] of images) {
    byImage[image] = [];
    seen[image] = new Set();
  }
  for (const user of users) {
    for (const [image, definitionId] of images) {
      if (!referencesDefinition(definitionId, user.imageId)) continue;
      const key = user.id.toLowerCase();
      if (seen[image]?.has(key)) continue;
      seen[image]?.add(key);
      byImage[image]?.push(user);
    }
  }
  return byImage;
}
