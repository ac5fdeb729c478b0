import type * as df from 'durable-functions';
import type {
  BuildInput,
  PlanRebuildRunImage,
  RebuildBaseOutput,
  RebuildRunInput,
  RebuildRunItem,
  RebuildRunOutput,
  RebuildRunOutputItem,
  RebuildRunStatus,
  ResolveBaseImageInput,
  SweepInput,
} from '../contracts';
import * as contracts from '../contracts';
import { callActivity, callAll } from '../durable/callActivity';
import { setProgress } from '../durable/progress';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { planRetry } from '../durable/retryOptions';
import { quoted } from '../../shared/domain/quoted';
import { refOf, runWaves, wavesOf, type RunPlan, type WaveResults } from './rebuildRunWaves';

type Ctx = df.OrchestrationContext;

/** Distinct base images: one platform list per publisher/offer/sku/location, one gallery list per source image. */
export function baseImageKey(location: string, base: BuildInput['image']['baseImage']): string {
  return base.type === 'marketplace'
    ? ['marketplace', location, base.publisher, base.offer, base.sku, base.version].join('|').toLowerCase()
    : ['gallery', base.imageId].join('|').toLowerCase();
}

function summarize(items: readonly RebuildRunOutputItem[]): Record<RebuildRunStatus, number> {
  const summary: Record<RebuildRunStatus, number> = { rebuild: 0, 'up-to-date': 0, paused: 0, 'already-running': 0, blocked: 0 };
  for (const item of items) summary[item.status] += 1;
  return summary;
}

/**
 * Termination skips a build's `finally`, so its VM can outlive it: the run deletes VMs no running build owns before
 * anything else. One attempt, never fatal: orphans cost money, a skipped night of patches costs more.
 */
function* sweepOrphans(ctx: Ctx, sweep: SweepInput): Generator<df.Task, void, unknown> {
  const log = replaySafeLogger(ctx);
  setProgress(ctx, { step: 'sweep', detail: 'deleting build VMs no running build owns', percent: 1 });
  try {
    const swept = yield* callActivity(ctx, contracts.sweepBuildVms, sweep, null);
    log.info(`rebuild run: sweeper deleted ${swept.deleted.length} orphaned build VM(s), kept ${swept.kept.length}`);
  } catch (error) {
    log.warn(`rebuild run: sweeper failed, the run goes on: ${quoted(error, 500)}`);
  }
}

/** Every image (one version list + one definition read each) and every distinct base image (one list each), then the plan. */
function* readAndPlan(ctx: Ctx, input: RebuildRunInput, now: string): Generator<df.Task, RunPlan, unknown> {
  const builds = input.builds;
  const sourceRegion = builds[0]?.gallery.location ?? '';
  setProgress(ctx, { step: 'read', detail: `reading ${builds.length} images`, percent: 5 });
  const states = yield* callAll(ctx, contracts.readRebuildImageState, builds.map(refOf));

  const baseKeys = builds.map((b) => baseImageKey(b.gallery.location, b.image.baseImage));
  const distinct = new Map<string, ResolveBaseImageInput>();
  builds.forEach((b, i) => {
    const key = baseKeys[i];
    if (key !== undefined && !distinct.has(key)) distinct.set(key, { location: b.gallery.location, baseImage: b.image.baseImage });
  });
  setProgress(ctx, { step: 'read', detail: `resolving ${distinct.size} distinct base images`, percent: 10 });
  const resolved = yield* callAll(ctx, contracts.resolveRebuildBase, [...distinct.values()]);
  const baseByKey = new Map<string, RebuildBaseOutput>([...distinct.keys()].map((key, i) => [key, resolved[i] ?? { status: 'missing', reason: 'not resolved' }]));

  const running = new Set(input.runningBuilds.map((name) => name.toLowerCase()));
  const planInput: PlanRebuildRunImage[] = builds.map((b, i) => ({
    image: b.image.name,
    rebuild: b.image.rebuild,
    recipeSha256: b.recipeSha256,
    targetRegions: b.image.targetRegions,
    state: states[i] ?? { latest: null, consecutiveFailures: 0, lastFailureAt: null },
    base: baseByKey.get(baseKeys[i] ?? '') ?? { status: 'missing', reason: 'not resolved' },
    running: running.has(b.image.name.toLowerCase()),
  }));
  setProgress(ctx, { step: 'plan', detail: 'deciding which images are due', percent: 15 });
  const policyBlock = input.policyBlock === undefined ? {} : { policyBlock: input.policyBlock };
  const plan = yield* callActivity(ctx, contracts.planRebuildRun, { now, sourceRegion, images: planInput, ...policyBlock }, planRetry());
  return { builds, planInput, items: plan.items, sourceRegion, policyBlock };
}

/** A version published after the last failure means a build succeeded since: clear the stale count. */
function* resetStaleFailures(ctx: Ctx, plan: RunPlan, now: string): Generator<df.Task, void, unknown> {
  const stale = plan.items.flatMap((item, i) => {
    const b = plan.builds[i];
    return item.resetFailures && b !== undefined ? [{ ref: refOf(b), succeeded: true, at: now }] : [];
  });
  yield* callAll(ctx, contracts.recordBuildOutcome, stale);
}

function outputItems(items: readonly RebuildRunItem[], results: WaveResults): RebuildRunOutputItem[] {
  return items.map((planned) => {
    const item = results.replanned.get(planned.image) ?? planned;
    const build = results.builds.get(item.image) ?? null;
    // A race lost to another run or an on-demand build shows up here, not in the plan.
    const status: RebuildRunStatus = build?.outcome === 'already-running' ? 'already-running' : item.status;
    const reasons = status === item.status ? item.reasons : ['already-running'];
    const detail = build?.outcome === 'already-running' ? build.detail : item.detail;
    return { ...item, status, reasons, detail, build, replication: results.replications.get(item.image) ?? null };
  });
}

/**
 * `rebuild-run-<yyyymmddhhmm>`: sweep orphaned build VMs → read every image and every distinct base image → decide
 * with the `planRebuildRun` activity → fan out `rebuildRunImage` (which runs `build-<image>`) in waves, and
 * `reconcileReplication` for images whose latest version's regions differ from the catalog.
 */
export function* rebuildRunOrchestrator(ctx: Ctx, input: RebuildRunInput): Generator<df.Task, RebuildRunOutput, unknown> {
  if (input.sweep !== undefined) yield* sweepOrphans(ctx, input.sweep);
  if (input.builds.length === 0) return { items: [], summary: summarize([]) };
  const now = ctx.df.currentUtcDateTime.toISOString();
  const plan = yield* readAndPlan(ctx, input, now);
  yield* resetStaleFailures(ctx, plan, now);
  const results = yield* runWaves(ctx, plan, wavesOf(plan, input.maxConcurrentBuilds));
  const items = outputItems(plan.items, results);
  const summary = summarize(items);
  const text = Object.entries(summary).map(([k, v]) => `${k} ${v}`).join(', ');
  replaySafeLogger(ctx).info(`rebuild run: ${text}`);
  setProgress(ctx, { step: 'done', detail: text, percent: 100 });
  return { items, summary };
}
