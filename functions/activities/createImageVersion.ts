import type { CreateImageVersionInput, CreateImageVersionOutput } from '../contracts';
import type { GalleryPort, ImageVersionView } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';
import { BUILD_TAG, SOURCE_VM_TAG } from '../../shared/domain/tags';
import { versionOrNull } from './versionOrNull';

/**
 * Starts the version with a create-only PUT, so the usual run costs one request. Versions are immutable, so
 * idempotency is by content: when ARM refuses the PUT because the version exists (412 for the create-only header,
 * 409 for a busy or immutable version), it is read: one from the same build (or the same captured VM) is
 * `alreadyExists`; one from anything else is a `conflict` (data: the caller plans the next free version), never
 * overwritten.
 */
export function createCreateImageVersionActivity(ports: { gallery: GalleryPort }) {
  return async (input: CreateImageVersionInput): Promise<CreateImageVersionOutput> => {
    const sameOrigin = (tags: Record<string, string>) =>
      tags[BUILD_TAG] === input.spec.tags[BUILD_TAG] &&
      (input.spec.tags[SOURCE_VM_TAG] === undefined || tags[SOURCE_VM_TAG] === input.spec.tags[SOURCE_VM_TAG]);
    const judge = (existing: ImageVersionView): CreateImageVersionOutput =>
      sameOrigin(existing.tags)
        ? { status: 'alreadyExists' }
        : {
            status: 'conflict',
            detail: `VERSION_CONFLICT: version ${input.version} of ${input.ref.imageName} already exists from build ${existing.tags[BUILD_TAG] ?? '(unknown)'}`,
          };

    try {
      await ports.gallery.startCreateImageVersion(input.ref, input.version, input.spec);
    } catch (error) {
      const code = errorCodeOf(error);
      if (code === 'VERSION_CONFLICT' || code === 'CONFLICT') {
        const after = await versionOrNull(ports.gallery, input);
        if (after !== null) return judge(after);
      }
      throw error;
    }
    return { status: 'created' };
  };
}
