import type * as df from 'durable-functions';
import type {
  BuildInput,
  PlanRebuildRunImage,
  RebuildBaseOutput,
  RebuildRunImageOutput,
  RebuildRunInput,
  RebuildRunItem,
  RebuildRunOutput,
  RebuildRunOutputItem,
  RebuildRunStatus,
  ReconcileReplicationOutput,
  ResolveBaseImageInput,
} from '../contracts';
import * as contracts from '../contracts';
import { callActivity, callAll } from '../durable/callActivity';
import { setProgress } from '../durable/progress';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { planRetry } from '../durable/retryOptions';

/** Distinct base images: one platform list per publisher/offer/sku/location, one gallery list per source image. */
export function baseImageKey(location: string, base: BuildInput['image']['baseImage']): string {
  return base.type === 'marketplace'
    ? ['marketplace', location, base.publisher, base.offer, base.sku, base.version].join('|').toLowerCase()
    : ['gallery', base.imageId].join('|').toLowerCase();
}

function refOf(build: BuildInput) {
  return {
    subscriptionId: build.gallery.subscriptionId,
    resourceGroup: build.gallery.resourceGroup,
    galleryName: build.gallery.name,
    imageName: build.image.name,
  };
}

function summarize(items: readonly RebuildRunOutputItem[]): Record<RebuildRunStatus, number> {
  const summary: Record<RebuildRunStatus, number> = { rebuild: 0, 'up-to-date': 0, paused: 0, 'already-running': 0, blocked: 0 };
  for (const item of items) summary[item.status] += 1;
  return summary;
}

type Job =
  | { kind: 'build'; index: number; image: string; descriptor: typeof contracts.rebuildRunImage; input: contracts.RebuildRunImageInput }
  | { kind: 'reconcile'; index: number; image: string; descriptor: typeof contracts.reconcileReplication; input: contracts.ReconcileReplicationInput };

/**
 * `rebuild-run-<yyyymmddhhmm>`: read every image (one version list + one definition read each) and every distinct
 * base image (one list each) → decide with the `planRebuildRun` activity → fan out `rebuildRunImage` (which runs
 * `build-<image>`) in waves of at most `maxConcurrentBuilds`, and `reconcileReplication` for images whose latest
 * version's regions differ from the catalog (they do not count against the build limit: they are one PATCH and polls).
 */
export function* rebuildRunOrchestrator(ctx: df.OrchestrationContext, input: RebuildRunInput): Generator<df.Task, RebuildRunOutput, unknown> {
  const log = replaySafeLogger(ctx);
  const now = ctx.df.currentUtcDateTime.toISOString();
  const builds = input.builds;
  if (builds.length === 0) return { items: [], summary: summarize([]) };
  const first = builds[0];
  const sourceRegion = first === undefined ? '' : first.gallery.location;

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
  const items: RebuildRunItem[] = plan.items;

  // A version published after the last failure means a build succeeded since: clear the stale count.
  const stale = items.flatMap((item, i) => {
    const b = builds[i];
    return item.resetFailures && b !== undefined ? [{ ref: refOf(b), succeeded: true, at: now }] : [];
  });
  yield* callAll(ctx, contracts.recordBuildOutcome, stale);

  const jobs: Job[] = [];
  items.forEach((item, i) => {
    const b = builds[i];
    if (b === undefined) return;
    if (item.status === 'rebuild') {
      jobs.push({ kind: 'build', index: i, image: item.image, descriptor: contracts.rebuildRunImage, input: { build: b } });
    } else if (item.reconcile !== null && item.reconcile.plan.changed) {
      jobs.push({
        kind: 'reconcile',
        index: i,
        image: item.image,
        descriptor: contracts.reconcileReplication,
        input: { ref: refOf(b), version: item.reconcile.version, plan: item.reconcile.plan, polling: b.polling },
      });
    }
  });
  const buildJobs = jobs.filter((j) => j.kind === 'build');
  const reconcileJobs = jobs.filter((j) => j.kind === 'reconcile');
  const limit = Math.max(1, Math.floor(input.maxConcurrentBuilds));
  const waves: Job[][] = [];
  for (let start = 0; start < buildJobs.length; start += limit) waves.push(buildJobs.slice(start, start + limit));
  if (waves.length === 0) waves.push([]);
  waves[0] = [...(waves[0] ?? []), ...reconcileJobs];

  const buildResults = new Map<string, RebuildRunImageOutput>();
  const replicationResults = new Map<string, ReconcileReplicationOutput>();
  const replanned = new Map<string, RebuildRunItem>();
  let sequence = 0;
  for (const [index, planned] of waves.entries()) {
    let wave = planned;
    if (index > 0) {
      // Hours may have passed: another run or an on-demand build may have built these images meanwhile (and finished,
      // so the instance-ID guard would not stop a second build). Re-read just these images and decide again.
      const entries = wave.flatMap((job) => {
        const entry = planInput[job.index];
        const build = builds[job.index];
        return entry !== undefined && build !== undefined ? [{ entry, ref: refOf(build) }] : [];
      });
      const fresh = yield* callAll(ctx, contracts.readRebuildImageState, entries.map((e) => e.ref));
      const again = yield* callActivity(
        ctx,
        contracts.planRebuildRun,
        {
          now: ctx.df.currentUtcDateTime.toISOString(),
          sourceRegion,
          images: entries.map(({ entry }, i) => ({ ...entry, state: fresh[i] ?? entry.state })),
          ...policyBlock,
        },
        planRetry(),
      );
      for (const item of again.items) {
        if (item.status !== 'rebuild') replanned.set(item.image, { ...item, reconcile: null, detail: `decided again before its wave: ${item.detail}` });
      }
      wave = wave.filter((job) => !replanned.has(job.image));
    }
    if (wave.length === 0) continue;
    setProgress(ctx, {
      step: 'build',
      detail: `wave ${index + 1}/${waves.length}: ${wave.map((j) => `${j.kind} ${j.image}`).join(', ')}`,
      percent: 20 + Math.round((75 * index) / waves.length),
    });
    // Child IDs derive from this run's ID and a counter: deterministic on replay, ≤ 100 characters.
    const tasks = wave.map((job) => ctx.df.callSubOrchestrator(job.descriptor.name, job.input, `${ctx.df.instanceId}:${sequence++}`));
    const raw: unknown = yield ctx.df.Task.all(tasks);
    const outputs: unknown[] = Array.isArray(raw) ? raw : [];
    wave.forEach((job, i) => {
      const output = outputs[i];
      if (job.kind === 'build') buildResults.set(job.image, output as RebuildRunImageOutput);
      else replicationResults.set(job.image, output as ReconcileReplicationOutput);
    });
  }

  const out: RebuildRunOutputItem[] = items.map((planned) => {
    const item = replanned.get(planned.image) ?? planned;
    const build = buildResults.get(item.image) ?? null;
    // A race lost to another run or an on-demand build shows up here, not in the plan.
    const status: RebuildRunStatus = build?.outcome === 'already-running' ? 'already-running' : item.status;
    const reasons = status === item.status ? item.reasons : ['already-running'];
    const detail = build?.outcome === 'already-running' ? build.detail : item.detail;
    return { ...item, status, reasons, detail, build, replication: replicationResults.get(item.image) ?? null };
  });
  const summary = summarize(out);
  log.info(`rebuild run: ${Object.entries(summary).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  setProgress(ctx, { step: 'done', detail: Object.entries(summary).map(([k, v]) => `${k} ${v}`).join(', '), percent: 100 });
  return { items: out, summary };
}
