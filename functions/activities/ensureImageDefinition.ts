import type { EnsureImageDefinitionInput, EnsureImageDefinitionOutput } from '../contracts';
import type { GalleryPort } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';

/**
 * An image added to the catalog gets its definition from the catalog's `definition` block. An existing one is
 * never changed (ARM keeps its properties immutable) but must agree on OS type and state, or every capture into it
 * would fail late with an ARM error. Idempotent: a retry finds the definition it created.
 */
export function createEnsureImageDefinitionActivity(ports: { gallery: GalleryPort }) {
  return async (input: EnsureImageDefinitionInput): Promise<EnsureImageDefinitionOutput> => {
    try {
      const existing = await ports.gallery.getImageDefinition(input.ref);
      const wanted = input.definition;
      if (existing.osType !== wanted.osType || existing.osState !== wanted.osState) {
        throw new Error(
          `BAD_REQUEST: image definition ${input.ref.imageName} is ${existing.osType}/${existing.osState} in the gallery but ` +
            `${wanted.osType}/${wanted.osState} in the catalog; definitions are immutable, so fix the catalog or use a new image name`,
        );
      }
      return { status: 'exists', provisioningState: existing.provisioningState, definition: existing };
    } catch (error) {
      if (errorCodeOf(error) !== 'NOT_FOUND') throw error;
    }
    await ports.gallery.startCreateImageDefinition(input.ref, { location: input.location, definition: input.definition, tags: input.tags });
    return { status: 'creating', provisioningState: 'Creating' };
  };
}
