import type { GalleryVersionView } from '../../shared/domain/latest';
import { latestVersion } from '../../shared/domain/latest';
import type { ImageUser } from '../../shared/ports/usagePort';

/**
 * Version name → IDs of the VMs / scale sets using it (issue 8): a user referencing a version ID uses that
 * version; one referencing the definition ID uses whatever `latest` is in ITS region. IDs compare ignoring case
 * (ARM echoes whatever casing the creator used). Users of other images are ignored.
 */
export function usageByVersion(definitionId: string, versions: readonly GalleryVersionView[], users: readonly ImageUser[]): Record<string, string[]> {
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
