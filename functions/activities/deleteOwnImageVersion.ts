import type { DeleteOwnImageVersionInput, DeleteOwnImageVersionOutput } from '../contracts';
import type { GalleryLifecyclePort } from '../../shared/ports/galleryLifecyclePort';
import type { GalleryPort } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';
import { ownVersionCleanup } from '../../shared/domain/versionRecovery';
import { BUILD_TAG } from '../../shared/domain/tags';
import { versionOrNull } from './versionOrNull';

/**
 * A failing run's cleanup of the version it created: a fresh GET, then the DELETE only
 * when the version carries this run's build ID and was never promoted (shared/domain/versionRecovery.ts). 404 at
 * either step = gone; a version already `Deleting` is a repeat of this activity. The orchestration calls it again
 * as its poll until the answer is not `deleting`.
 */
export function createDeleteOwnImageVersionActivity(ports: { gallery: GalleryPort; galleryLifecycle: GalleryLifecyclePort }) {
  return async (input: DeleteOwnImageVersionInput): Promise<DeleteOwnImageVersionOutput> => {
    const fresh = await versionOrNull(ports.gallery, input);
    if (fresh === null) return { status: 'gone' };
    const decision = ownVersionCleanup(fresh, fresh.tags[BUILD_TAG], input.buildId);
    if (decision.action === 'keep') return { status: 'kept', reason: decision.reason };
    if (decision.action === 'wait') return { status: 'deleting' };
    try {
      await ports.galleryLifecycle.startDeleteImageVersion(input.ref, input.version);
    } catch (error) {
      if (errorCodeOf(error) === 'NOT_FOUND') return { status: 'gone' };
      throw error;
    }
    return { status: 'deleting' };
  };
}
