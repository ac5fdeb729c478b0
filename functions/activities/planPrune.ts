import type { PlanPruneInput } from '../contracts';
import { toGalleryVersionView } from '../../shared/ports/galleryVersionView';
import { planRetention, type PrunePlan } from '../../shared/domain/retentionPlan';
import { usageByVersion } from '../../shared/domain/imageUsage';

/**
 * The `planPrune` activity: usage per version, then the pure retention planner. An activity so the decision is
 * recorded in history and replays identically even after the planner changes (docs/architecture.md#orchestration-conventions).
 */
export function planPrune(input: PlanPruneInput): PrunePlan {
  const versions = input.versions.map(toGalleryVersionView);
  return planRetention({
    image: input.image,
    versions,
    usage: usageByVersion(input.definitionId, versions, input.users),
    policy: input.retention,
    now: new Date(input.now),
    dryRun: input.dryRun,
    galleryShared: input.galleryShared,
    allowPruneWhenShared: input.allowPruneWhenShared,
  });
}
