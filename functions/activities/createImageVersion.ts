import type {
  CreateImageVersionInput,
  CreateImageVersionOutput,
  DeleteOwnImageVersionInput,
  DeleteOwnImageVersionOutput,
  UpdateImageVersionInput,
} from '../contracts';
import type { GalleryLifecyclePort, GalleryPort, ImageVersionView } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';
import { ownVersionCleanup } from '../../shared/domain/versionRecovery';
import { BUILD_TAG, SOURCE_VM_TAG } from '../../shared/domain/tags';

async function versionOrNull(gallery: GalleryPort, input: { ref: CreateImageVersionInput['ref']; version: string }): Promise<ImageVersionView | null> {
  try {
    return await gallery.getImageVersion(input.ref, input.version);
  } catch (error) {
    if (errorCodeOf(error) === 'NOT_FOUND') return null;
    throw error;
  }
}

/**
 * Starts the version PUT. Versions are immutable, so idempotency is by content: one that exists from the same
 * build (or the same captured VM) is `alreadyExists`; one from anything else is a `conflict` (data: the caller
 * plans the next free version), never overwritten. A race lost between our read and our PUT (ARM answers 409:
 * the other run's version is busy or immutable) is judged by reading the version again.
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

    const before = await versionOrNull(ports.gallery, input);
    if (before !== null) return judge(before);
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

/** PATCH of the updatable fields only (target regions, excludeFromLatest): repeating it converges. */
export function createUpdateImageVersionActivity(ports: { gallery: GalleryPort }) {
  return async (input: UpdateImageVersionInput): Promise<null> => {
    await ports.gallery.startUpdateImageVersion(input.ref, input.version, input.spec);
    return null;
  };
}

/**
 * A failing run's cleanup of the version it created (issue: publishing defects): a fresh GET, then the DELETE only
 * when the version carries this run's build ID and was never promoted (shared/domain/versionRecovery.ts). 404 at
 * either step = gone; a version already `Deleting` is a repeat of this activity. The orchestration calls it again
 * as its poll until the answer is not `deleting`.
 */
export function createDeleteOwnImageVersionActivity(ports: { gallery: GalleryPort; prune: { lifecycle: GalleryLifecyclePort } }) {
  return async (input: DeleteOwnImageVersionInput): Promise<DeleteOwnImageVersionOutput> => {
    const fresh = await versionOrNull(ports.gallery, input);
    if (fresh === null) return { status: 'gone' };
    const decision = ownVersionCleanup(fresh, fresh.tags[BUILD_TAG], input.buildId);
    if (decision.action === 'keep') return { status: 'kept', reason: decision.reason };
    if (decision.action === 'wait') return { status: 'deleting' };
    try {
      await ports.prune.lifecycle.startDeleteImageVersion(input.ref, input.version);
    } catch (error) {
      if (errorCodeOf(error) === 'NOT_FOUND') return { status: 'gone' };
      throw error;
    }
    return { status: 'deleting' };
  };
}
