import type { DeprecateVersionResult, DeprecateVersionsInput, DeprecateVersionsOutput } from '../contracts';
import type { GalleryLifecyclePort } from '../../shared/ports/galleryLifecyclePort';
import { errorCodeOf, PortError } from '../../shared/ports/portError';

/**
 * PATCHes excludeFromLatest + end of life on each version of the batch, one after the other (ARM's write budget,
 * not speed, is what matters). Repeating a PATCH converges, so the batch is idempotent.
 * - A version deleted meanwhile is `alreadyGone`.
 * - ARM asking for a wait longer than the adapter may block stops the batch: the error becomes the "retry after T"
 *   envelope and the whole batch runs again after a durable timer (the PATCHes already done simply repeat).
 * - Any other failure, after the SDK's own retries, is that version's `failed` result; the others go on and the
 *   next run plans the deprecation again.
 */
export function createDeprecateImageVersionsActivity(ports: { galleryLifecycle: GalleryLifecyclePort }) {
  return async (input: DeprecateVersionsInput): Promise<DeprecateVersionsOutput> => {
    const results: DeprecateVersionResult[] = [];
    for (const { version, endOfLifeDate } of input.versions) {
      try {
        await ports.galleryLifecycle.startDeprecateImageVersion(input.ref, version, endOfLifeDate);
        results.push({ version, status: 'deprecated' });
      } catch (error) {
        if (error instanceof PortError && error.code === 'THROTTLED' && error.retryAfterSeconds !== undefined) throw error;
        if (errorCodeOf(error) === 'NOT_FOUND') {
          results.push({ version, status: 'alreadyGone' });
        } else {
          const reason = (error instanceof Error ? error.message : String(error)).slice(0, 500);
          results.push({ version, status: 'failed', reason });
        }
      }
    }
    return { results };
  };
}
