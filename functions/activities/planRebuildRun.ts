import type { PlanRebuildRunImage, PlanRebuildRunInput, PlanRebuildRunOutput, RebuildRunItem } from '../contracts';
import { catalogBaseImages } from '../../shared/domain/rebuildOrder';
import { planRebuild } from '../../shared/domain/rebuildPlan';
import { planImageReplication } from '../../shared/domain/reconcilePlan';
import { sha256Hex } from '../../shared/domain/hashing';

/**
 * Paused when the count reached `pauseAfterFailures` (0 = never), unless a version was published after the last
 * recorded failure: then some build (on demand, or a capture) succeeded since, and the count is stale.
 */
function failureState(entry: PlanRebuildRunImage): { paused: boolean; stale: boolean } {
  const { consecutiveFailures, lastFailureAt, latest } = entry.state;
  const publishedAfterFailure =
    consecutiveFailures > 0 &&
    latest !== null &&
    latest.publishedDate !== null &&
    // A count without a time (set by hand) cannot be compared: it stands.
    lastFailureAt !== null &&
    Date.parse(latest.publishedDate) > Date.parse(lastFailureAt);
  const limit = entry.rebuild.pauseAfterFailures;
  return { paused: !publishedAfterFailure && limit > 0 && consecutiveFailures >= limit, stale: publishedAfterFailure };
}

type Reconcile = Pick<RebuildRunItem, 'reconcile' | 'reconcileVersions' | 'reconcileDeferred'>;

function reconcileFor(entry: PlanRebuildRunImage, sourceRegion: string): Reconcile {
  const latest = entry.state.latest;
  const plan = planImageReplication(
    entry.targetRegions,
    latest === null ? null : { version: latest.name, targetRegions: latest.targetRegions },
    entry.state.otherVersions ?? [],
    { sourceRegion },
  );
  return {
    reconcile: plan.latest,
    ...(plan.versions.length === 0 ? {} : { reconcileVersions: plan.versions }),
    ...(plan.deferred.length === 0 ? {} : { reconcileDeferred: plan.deferred }),
  };
}

function planOne(entry: PlanRebuildRunImage, input: PlanRebuildRunInput): RebuildRunItem {
  const { paused, stale } = failureState(entry);
  const base = { image: entry.image, resetFailures: stale };
  // An image whose build runs is left alone entirely this run; the next run reconciles it.
  if (entry.running) {
    return { ...base, status: 'already-running', reasons: ['already-running'], detail: `a build of ${entry.image} is running`, reconcile: null };
  }
  const reconcile = reconcileFor(entry, input.sourceRegion);
  if (paused) {
    const detail = `${entry.state.consecutiveFailures} consecutive failed builds (pauseAfterFailures ${entry.rebuild.pauseAfterFailures}); a successful build resumes it`;
    return { ...base, status: 'paused', reasons: ['paused'], detail, ...reconcile };
  }
  if (entry.base.status === 'missing') {
    return { ...base, status: 'blocked', reasons: ['base-image-missing'], detail: entry.base.reason, ...reconcile };
  }
  const exact = entry.base.exact;
  const decision = planRebuild({
    policy: entry.rebuild,
    baseImageVersion: exact,
    baseImageVersionHash: sha256Hex(exact),
    latest: entry.state.latest === null ? null : { name: entry.state.latest.name, publishedDate: entry.state.latest.publishedDate, tags: entry.state.latest.tags },
    ...(entry.state.latestBuilt === undefined ? {} : { latestBuilt: entry.state.latestBuilt }),
    recipeSha256: entry.recipeSha256,
    now: new Date(input.now),
    ...(entry.state.definitionMissing === true ? { definitionMissing: true } : {}),
  });
  if (decision.decision === 'rebuild' && input.policyBlock !== undefined) {
    // Only the build is refused: the due reasons stay visible, and the old versions still get the catalog's regions.
    return { ...base, status: 'blocked', reasons: ['policy-blocked', ...decision.reasons], detail: `${decision.detail}; not built: ${input.policyBlock}`, ...reconcile };
  }
  if (decision.decision === 'rebuild') {
    // The new version gets the catalog's regions from its build; the existing ones (VMs keep using them) are separate
    // resources, updated alongside. Waiting for a run without a build would starve an image rebuilt every night.
    return { ...base, status: 'rebuild', reasons: [...decision.reasons], detail: decision.detail, ...reconcile };
  }
  return { ...base, status: 'up-to-date', reasons: [], detail: decision.detail, ...reconcile };
}

function followsOf(input: PlanRebuildRunInput): Record<string, string> | undefined {
  if (input.gallery === undefined) return undefined;
  const images = input.images.flatMap((entry) => (entry.baseImage === undefined ? [] : [{ name: entry.image, baseImage: entry.baseImage }]));
  const follows = catalogBaseImages(input.gallery, images);
  return follows.size === 0 ? undefined : Object.fromEntries(follows);
}

/**
 * The scheduled run's decision for every image, as one plan activity (docs/architecture.md#orchestration-conventions: recorded in history, replays
 * identically): status, reasons, the versions to reconcile, and which images are built on another catalog image (so
 * the run builds them after it). A bad entry (e.g. a catalog region list Azure would refuse) blocks that image only,
 * with the rule.
 */
export function planRebuildRun(input: PlanRebuildRunInput): PlanRebuildRunOutput {
  const follows = followsOf(input);
  return {
    items: input.images.map((entry): RebuildRunItem => {
      try {
        return planOne(entry, input);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return { image: entry.image, status: 'blocked', reasons: ['invalid-input'], detail, reconcile: null, resetFailures: false };
      }
    }),
    ...(follows === undefined ? {} : { follows }),
  };
}
