import type { RebuildBaseOutput, ResolveBaseImageInput } from '../contracts';
import type { ComputePort } from '../../shared/ports/computePort';
import type { GalleryPort } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';
import { createResolveBaseImageActivity } from './resolveBaseImage';

// A base image that does not exist (or an unparsable gallery ID) is an expected outcome for one image: that image is
// `blocked`, the others go on. Anything else (throttling, outages) is thrown so the retry policy applies.
const MISSING_CODES: readonly string[] = ['NOT_FOUND', 'BAD_REQUEST'];

/** The newest base version of one distinct base image: one platform-image list, or one source-gallery list. */
export function createResolveRebuildBaseActivity(ports: { compute: ComputePort; gallery: GalleryPort }) {
  const resolve = createResolveBaseImageActivity(ports);
  return async (input: ResolveBaseImageInput): Promise<RebuildBaseOutput> => {
    try {
      const resolved = await resolve(input);
      return { status: 'resolved', exact: resolved.exact, tag: resolved.tag };
    } catch (error) {
      const code = errorCodeOf(error) ?? (error instanceof Error ? /^([A-Z_]+):/.exec(error.message)?.[1] : undefined);
      if (code !== undefined && MISSING_CODES.includes(code)) {
        return { status: 'missing', reason: error instanceof Error ? error.message.slice(0, 500) : String(error) };
      }
      throw error;
    }
  };
}
