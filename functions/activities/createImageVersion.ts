import type { CreateImageVersionInput, CreateImageVersionOutput, UpdateImageVersionInput } from '../contracts';
import type { GalleryPort } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';
import { BUILD_TAG, SOURCE_VM_TAG } from '../provenanceTags';

/**
 * Starts the version PUT. Versions are immutable, so idempotency is by content: one that exists from the same
 * build (or the same captured VM) is `alreadyExists`; one from anything else is VERSION_CONFLICT, never overwritten.
 */
export function createCreateImageVersionActivity(ports: { gallery: GalleryPort }) {
  return async (input: CreateImageVersionInput): Promise<CreateImageVersionOutput> => {
    const sameOrigin = (tags: Record<string, string>) =>
      tags[BUILD_TAG] === input.spec.tags[BUILD_TAG] &&
      (input.spec.tags[SOURCE_VM_TAG] === undefined || tags[SOURCE_VM_TAG] === input.spec.tags[SOURCE_VM_TAG]);
    try {
      const existing = await ports.gallery.getImageVersion(input.ref, input.version);
      if (sameOrigin(existing.tags)) return { status: 'alreadyExists' };
      throw new Error(
        `VERSION_CONFLICT: version ${input.version} of ${input.ref.imageName} already exists from build ${existing.tags[BUILD_TAG] ?? '(unknown)'}`,
      );
    } catch (error) {
      if (errorCodeOf(error) !== 'NOT_FOUND') throw error;
    }
    await ports.gallery.startCreateImageVersion(input.ref, input.version, input.spec);
    return { status: 'created' };
  };
}

/** PATCH of the updatable fields only (target regions, excludeFromLatest): repeating it converges. */
export function createUpdateImageVersionActivity(ports: { gallery: GalleryPort }) {
  return async (input: UpdateImageVersionInput): Promise<null> => {
    await ports.gallery.startUpdateImageVersion(input.ref, input.version, input.spec);
    return null;
  };
}
