import type { DeleteVersionIfUnusedInput, DeleteVersionIfUnusedOutput } from '../contracts';
import type { GalleryLifecyclePort } from '../../shared/ports/galleryLifecyclePort';
import type { GalleryPort, ImageVersionView } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';
import { pruneFailure } from './pruneFailure';

// The planner's protect-tag reading: tag names ignore case, any value but `false` protects.
function isProtected(tags: Record<string, string>, protectTag: string): boolean {
  const wanted = protectTag.toLowerCase();
  return Object.entries(tags).some(([key, value]) => key.toLowerCase() === wanted && value.trim().toLowerCase() !== 'false');
}

/**
 * Why the fresh read forbids deleting now, or null. Each reason leads with a stable code. `latest` is ruled out
 * from this one version alone: excluded version-wide and in no region re-included, it can serve `latest` nowhere,
 * so a definition reference cannot resolve to it either and only pinned users matter.
 */
export function deletionBlocker(v: ImageVersionView, input: DeleteVersionIfUnusedInput): string | null {
  if (isProtected(v.tags, input.protectTag)) return `PROTECTED: tagged ${input.protectTag}`;
  const reIncluded = v.targetRegions.filter((r) => r.excludeFromLatest === false).map((r) => r.name);
  if (!v.excludeFromLatest || reIncluded.length > 0) {
    return `MAY_BE_LATEST: ${v.excludeFromLatest ? `re-included in ${reIncluded.join(', ')}` : 'no longer excluded from latest'}`;
  }
  if (v.endOfLifeDate === null) return 'EOL_NOT_REACHED: no end-of-life date';
  if (Date.parse(v.endOfLifeDate) > Date.parse(input.now)) return `EOL_NOT_REACHED: end of life ${v.endOfLifeDate}`;
  const state = v.provisioningState.toLowerCase();
  const replicating = v.replication.regions.filter((r) => r.state === 'InProgress').map((r) => r.region);
  if ((state !== 'succeeded' && state !== 'failed') || replicating.length > 0) {
    return `BUSY: provisioning state ${v.provisioningState}${replicating.length > 0 ? `, replicating to ${replicating.join(', ')}` : ''}`;
  }
  const id = v.id.toLowerCase();
  const pinned = input.users.filter((u) => u.imageId.toLowerCase().replace(/\/+$/, '') === id).map((u) => u.id);
  if (pinned.length > 0) return `STILL_IN_USE: used by ${pinned.slice(0, 3).join(', ')}${pinned.length > 3 ? ', …' : ''}`;
  return null;
}

/**
 * The last guard before a destructive call (docs/architecture.md#arm-efficiency): a fresh GET of the version, every deletion condition
 * re-checked against it and against a usage read taken right before the deletions, then the DELETE is started.
 * 404 at either step means already gone; a version already `Deleting` is a repeat of this very activity.
 */
export function createDeleteImageVersionIfUnusedActivity(ports: { gallery: GalleryPort; galleryLifecycle: GalleryLifecyclePort }) {
  return async (input: DeleteVersionIfUnusedInput): Promise<DeleteVersionIfUnusedOutput> => {
    let fresh: ImageVersionView;
    try {
      fresh = await ports.gallery.getImageVersion(input.ref, input.version);
    } catch (error) {
      if (errorCodeOf(error) === 'NOT_FOUND') return { status: 'alreadyGone' };
      throw error;
    }
    if (fresh.provisioningState.toLowerCase() === 'deleting') return { status: 'deleting' };
    const blocker = deletionBlocker(fresh, input);
    if (blocker !== null) return { status: 'refused', reason: blocker };
    try {
      await ports.galleryLifecycle.startDeleteImageVersion(input.ref, input.version);
      return { status: 'deleting' };
    } catch (error) {
      if (errorCodeOf(error) === 'NOT_FOUND') return { status: 'alreadyGone' };
      const failed = pruneFailure(error);
      if (failed) return failed;
      throw error;
    }
  };
}
