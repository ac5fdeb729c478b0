import type { PlanRebuildRunImage, PlanRebuildRunInput, PlanRebuildRunOutput, RebuildRunItem } from '../contracts';
import { planRebuild } from '../../shared/domain/rebuildPlan';
import { planReplication } from '../../shared/domain/replicationPlan';
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

function reconcileFor(entry: PlanRebuildRunImage, sourceRegion: string): RebuildRunItem['reconcile'] {
  const latest = entry.state.latest;
  if (latest === null) return null;
  const plan = planReplication(entry.targetRegions, latest.targetRegions, { sourceRegion });
  return plan.changed || plan.notUpdatable.length > 0 ? { version: latest.name, plan } : null;
}

function planOne(entry: PlanRebuildRunImage, input: PlanRebuildRunInput): RebuildRunItem {
  const { paused, stale } = failureState(entry);
  const base = { image: entry.image, resetFailures: stale };
  // An image whose build runs gets its regions from that build; touching the old latest would race it.
  if (entry.running) {
    return { ...base, status: 'already-running', reasons: ['already-running'], detail: `build-${entry.image.toLowerCase()} is running`, reconcile: null };
  }
  if (entry.state.problem !== undefined) {
    return { ...base, status: 'blocked', reasons: ['definition-missing'], detail: entry.state.problem, reconcile: null };
  }
  const reconcile = reconcileFor(entry, input.sourceRegion);
  if (paused) {
    const detail = `${entry.state.consecutiveFailures} consecutive failed builds (pauseAfterFailures ${entry.rebuild.pauseAfterFailures}); a successful build resumes it`;
    return { ...base, status: 'paused', reasons: ['paused'], detail, reconcile };
  }
  if (entry.base.status === 'missing') {
    return { ...base, status: 'blocked', reasons: ['base-image-missing'], detail: entry.base.reason, reconcile };
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
  });
  if (decision.decision === 'rebuild' && input.policyBlock !== undefined) {
    // Only the build is refused: the due reasons stay visible, and the old latest still gets the catalog's regions.
    return { ...base, status: 'blocked', reasons: ['policy-blocked', ...decision.reasons], detail: `${decision.detail}; not built: ${input.policyBlock}`, reconcile };
  }
  if (decision.decision === 'rebuild') {
    // The new version is created with the catalog's regions: nothing to reconcile on the old one.
    return { ...base, status: 'rebuild', reasons: [...decision.reasons], detail: decision.detail, reconcile: null };
  }
  return { ...base, status: 'up-to-date', reasons: [], detail: decision.detail, reconcile };
}

/**
 * The scheduled run's decision for every image, as one plan activity (DESIGN.md §3: recorded in history, replays
 * identically). A bad entry (e.g. a catalog region list Azure would refuse) blocks that image only, with the rule.
 */
export function planRebuildRun(input: PlanRebuildRunInput): PlanRebuildRunOutput {
  return {
    items: input.images.map((entry): RebuildRunItem => {
      try {
        return planOne(entry, input);
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        return { image: entry.image, status: 'blocked', reasons: ['invalid-input'], detail, reconcile: null, resetFailures: false };
      }
    }),
  };
}
