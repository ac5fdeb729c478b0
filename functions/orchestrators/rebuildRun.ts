import type * as df from 'durable-functions';
import type { PlanRebuildRunImage, RebuildRunInput, RebuildRunItem, RebuildRunOutput, RebuildRunOutputItem, RebuildRunStatus, SweepInput } from '../contracts';
import * as contracts from '../contracts';
import { callActivity, callAll } from '../durable/callActivity';
import { throwIfCancelled } from '../durable/cancellation';
import { setProgress } from '../durable/progress';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { planRetry } from '../durable/retryOptions';
import { quoted } from '../../shared/domain/quoted';
import { baseImageKey, refOf, resolveBases, type RunPlan } from './rebuildRunReads';
import { runWaves, type WaveResults } from './rebuildRunWaves';

type Ctx = df.OrchestrationContext;

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
  const first = builds[0];
  const sourceRegion = first === undefined ? '' : first.gallery.location;
  const gallery = first === undefined ? undefined : { subscriptionId: first.gallery.subscriptionId, resourceGroup: first.gallery.resourceGroup, name: first.gallery.name };

  setProgress(ctx, { step: 'read', detail: `reading ${builds.length} images`, percent: 5 });
  const states = yield* callAll(ctx, contracts.readRebuildImageState, builds.map(refOf));
  const baseKeys = builds.map((b) => baseImageKey(b.gallery.location, b.image.baseImage));
  setProgress(ctx, { step: 'read', detail: 'resolving the distinct base images', percent: 10 });
  const baseByKey = yield* resolveBases(ctx, builds, baseKeys, builds.map((_, i) => i));

  const running = new Set(input.runningBuilds.map((name) => name.toLowerCase()));
  const planInput: PlanRebuildRunImage[] = builds.map((b, i) => ({
    image: b.image.name,
    rebuild: b.image.rebuild,
    recipeSha256: b.recipeSha256,
    targetRegions: b.image.targetRegions,
    state: states[i] ?? { latest: null, consecutiveFailures: 0, lastFailureAt: null },
    base: baseByKey.get(baseKeys[i] ?? '') ?? { status: 'missing', reason: 'not resolved' },
    running: running.has(b.image.name.toLowerCase()),
    baseImage: b.image.baseImage,
  }));
  setProgress(ctx, { step: 'plan', detail: 'deciding which images are due', percent: 15 });
  const policyBlock = input.policyBlock === undefined ? {} : { policyBlock: input.policyBlock };
  const plan = yield* callActivity(
    ctx,
    contracts.planRebuildRun,
    { now, sourceRegion, images: planInput, ...policyBlock, ...(gallery === undefined ? {} : { gallery }) },
    planRetry(),
  );
  const indexOf = new Map(builds.map((b, i) => [b.image.name, i]));
  return { builds, baseKeys, planInput, items: plan.items, follows: new Map(Object.entries(plan.follows ?? {})), indexOf, sourceRegion, policyBlock };
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
    const replications = results.replications.get(item.image) ?? [];
    const replication = replications.find((r) => r.version === planned.reconcile?.version) ?? null;
    return { ...item, status, reasons, detail, build, replication, replications };
  });
}

/**
 * A scheduled rebuild run: sweep orphaned build VMs → read every image and every distinct base image → decide
 * with the `planRebuildRun` activity → fan out `rebuildRunImage` (which runs the image's build run) in waves of at most
 * `maxConcurrentBuilds`, and in the first wave `reconcileReplication` for every version whose regions differ from the
 * catalog (they do not count against the build limit: one PATCH and polls each). An image built on another catalog
 * image waits for that image's build; once that one is promoted, the images built on it are decided again with the
 * new base version and, when due, built in a later wave of the same run.
 */
export function* rebuildRunOrchestrator(ctx: Ctx, input: RebuildRunInput): Generator<df.Task, RebuildRunOutput, unknown> {
  if (input.sweep !== undefined) yield* sweepOrphans(ctx, input.sweep);
  const now = ctx.df.currentUtcDateTime.toISOString();
  if (input.builds.length === 0) return { items: [], summary: summarize([]) };
  const plan = yield* readAndPlan(ctx, input, now);
  yield* resetStaleFailures(ctx, plan, now);
  const results = yield* runWaves(ctx, plan, input.maxConcurrentBuilds);
  // A cancel that arrived during the last wave (its builds were cancelled with it) ends the run Cancelled, not done.
  throwIfCancelled(ctx);
  const items = outputItems(plan.items, results);
  const summary = summarize(items);
  const reconciled = [...results.replications.values()].reduce((n, list) => n + list.length, 0);
  const line = `${Object.entries(summary).map(([k, v]) => `${k} ${v}`).join(', ')}; ${reconciled} version(s) reconciled`;
  replaySafeLogger(ctx).info(`rebuild run: ${line}`);
  setProgress(ctx, { step: 'done', detail: line, percent: 100 });
  return { items, summary };
}
