import type { NamedResource } from '../../shared/domain/policy/evaluateNames';
import { PortError } from '../../shared/ports/portError';
import type { GalleryInventoryPort, NamedArmResource } from '../../shared/ports/galleryInventoryPort';
import type { ListPolicyNamesInput } from '../contracts';

/**
 * The names a scan checks: every gallery of the subscription with its definitions and versions, whether the catalog
 * manages it or not. Something deleted between the list and its children's list has nothing left to check, so
 * NOT_FOUND there is skipped rather than failing the scan.
 */
export function createListPolicyNamesActivity(ports: { galleryInventory: GalleryInventoryPort }) {
  const { galleryInventory } = ports;
  const unlessGone = async (list: Promise<NamedArmResource[]>): Promise<NamedArmResource[]> => {
    try {
      return await list;
    } catch (error) {
      if (error instanceof PortError && error.code === 'NOT_FOUND') return [];
      throw error;
    }
  };
  return async (input: ListPolicyNamesInput): Promise<NamedResource[]> => {
    const out: NamedResource[] = [];
    for (const gallery of await galleryInventory.listGalleries(input.subscriptionId)) {
      out.push({ kind: 'gallery', name: gallery.name, id: gallery.id });
      const definitions = await unlessGone(galleryInventory.listImageDefinitions(gallery.id));
      const versions = await Promise.all(definitions.map((definition) => unlessGone(galleryInventory.listImageVersions(definition.id))));
      definitions.forEach((definition, index) => {
        out.push({ kind: 'imageDefinition', name: definition.name, id: definition.id });
        for (const version of versions[index] ?? []) out.push({ kind: 'version', name: version.name, id: version.id });
      });
    }
    return out;
  };
}
