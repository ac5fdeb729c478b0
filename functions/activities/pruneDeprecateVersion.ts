import type { DeprecateVersionInput, DeprecateVersionOutput } from '../contracts';
import type { GalleryLifecyclePort } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';
import { pruneFailure } from './pruneFailure';

/** PATCH excludeFromLatest + end of life: repeating it converges; a version deleted meanwhile is `alreadyGone`. */
export function createPruneDeprecateVersionActivity(ports: { prune: { lifecycle: GalleryLifecyclePort } }) {
  return async (input: DeprecateVersionInput): Promise<DeprecateVersionOutput> => {
    try {
      await ports.prune.lifecycle.startDeprecateImageVersion(input.ref, input.version, input.endOfLifeDate);
      return { status: 'deprecated' };
    } catch (error) {
      if (errorCodeOf(error) === 'NOT_FOUND') return { status: 'alreadyGone' };
      const failed = pruneFailure(error);
      if (failed) return failed;
      throw error;
    }
  };
}
