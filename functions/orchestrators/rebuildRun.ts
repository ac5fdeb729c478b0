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
import { nextWave } from '../../shared/domain/rebuildOrder';
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
  | { kind: 'build'; image: string; descriptor: typeof contracts.rebuildRunImage; input: contracts.RebuildRunImageInput }
  | { kind: 'reconcile'; image: string; descriptor: typeof contracts.reconcileReplication; input: contracts.ReconcileReplicationInput };

type Reconcile = Pick<RebuildRunItem, 'reconcile' | 'reconcileVersions' | 'reconcileDeferred'>;

/** The versions the plan reconciles this run (histories recorded before `reconcileVersions` had only the latest). */
function reconcileVersionsOf(item: RebuildRunItem): { version: string; plan: contracts.ReplicationPlan }[] {
  if (item.reconcileVersions !== undefined) return item.reconcileVersions;
  return item.reconcile !== null && item.reconcile.plan.changed ? [item.reconcile] : [];
}

// A decision taken again later concerns the build only: the reconciliation planned first ran in the first wave.
function reconcileOf(item: RebuildRunItem): Reconcile {
  return {
    reconcile: item.reconcile,
    ...(item.reconcileVersions === undefined ? {} : { reconcileVersions: item.reconcileVersions }),
    ...(item.reconcileDeferred === undefined ? {} : { reconcileDeferred: item.reconcileDeferred }),
  };
}

/**
 * `rebuild-run-<yyyymmddhhmm>`: read every image (one version list + one definition read each) and every distinct
 * base image (one list each) → decide with the `planRebuildRun` activity → fan out `rebuildRunImage` (which runs
 * `build-<image>`) in waves of at most `maxConcurrentBuilds`, and in the first wave `reconcileReplication` for every
 * version whose regions differ from the catalog (they do not count against the build limit: one PATCH and polls each).
 * An image built on another catalog image waits for that image's build; once that one is promoted, the images built
 * on it are decided again with the new base version and, when due, built in a later wave of the same run.
 */
export function* rebuildRunOrchestrator(ctx: df.OrchestrationContext, input: RebuildRunInput): Generator<df.Task, RebuildRunOutput, unknown> {
  const log = replaySafeLogger(ctx);
  const now = ctx.df.currentUtcDateTime.toISOString();
  const builds = input.builds;
  if (builds.length === 0) return { items: [], summary: summarize([]) };
  const first = builds[0];
  const sourceRegion = first === undefined ? '' : first.gallery.location;
  const gallery = first === undefined ? undefined : { subscriptionId: first.gallery.subscriptionId, resourceGroup: first.gallery.resourceGroup, name: first.gallery.name };

  setProgress(ctx, { step: 'read', detail: `reading ${builds.length} images`, percent: 5 });
  const states = yield* callAll(ctx, contracts.readRebuildImageState, builds.map(refOf));

  const baseKeys = builds.map((b) => baseImageKey(b.gallery.location, b.image.baseImage));
  // Distinct base images of the given builds: one list each, in first-seen order (replays identically).
  function* resolveBases(indices: readonly number[]): Generator<df.Task, Map<string, RebuildBaseOutput>, unknown> {
    const distinct = new Map<string, ResolveBaseImageInput>();
    for (const i of indices) {
      const b = builds[i];
      const key = baseKeys[i];
      if (b !== undefined && key !== undefined && !distinct.has(key)) distinct.set(key, { location: b.gallery.location, baseImage: b.image.baseImage });
    }
    const resolved = yield* callAll(ctx, contracts.resolveRebuildBase, [...distinct.values()]);
    return new Map<string, RebuildBaseOutput>([...distinct.keys()].map((key, i) => [key, resolved[i] ?? { status: 'missing', reason: 'not resolved' }]));
  }
  setProgress(ctx, { step: 'read', detail: 'resolving the distinct base images', percent: 10 });
  const baseByKey = yield* resolveBases(builds.map((_, i) => i));

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
  const items: RebuildRunItem[] = plan.items;
  const follows = new Map(Object.entries(plan.follows ?? {}));
  const indexOf = new Map(builds.map((b, i) => [b.image.name, i]));

  // A version published after the last failure means a build succeeded since: clear the stale count.
  const stale = items.flatMap((item, i) => {
    const b = builds[i];
    return item.resetFailures && b !== undefined ? [{ ref: refOf(b), succeeded: true, at: now }] : [];
  });
  yield* callAll(ctx, contracts.recordBuildOutcome, stale);

  const buildJob = (image: string): Job[] => {
    const b = builds[indexOf.get(image) ?? -1];
    return b === undefined ? [] : [{ kind: 'build', image, descriptor: contracts.rebuildRunImage, input: { build: b } }];
  };
  let reconcileJobs: Job[] = items.flatMap((item, i): Job[] => {
    const b = builds[i];
    if (b === undefined) return [];
    return reconcileVersionsOf(item).map(({ version, plan: replication }) => ({
      kind: 'reconcile',
      image: item.image,
      descriptor: contracts.reconcileReplication,
      input: { ref: refOf(b), version, plan: replication, polling: b.polling },
    }));
  });

  // Hours may pass before a later wave: another run or an on-demand build may have built its images meanwhile (and
  // finished, so the instance-ID guard would not stop a second build), or their base image was just rebuilt. Re-read
  // just these images — and the base images that this run rebuilt — and decide again.
  const rebuiltBases = new Set<string>();
  function* decideAgain(images: readonly string[]): Generator<df.Task, Map<string, RebuildRunItem>, unknown> {
    const indices = images.flatMap((image) => {
      const i = indexOf.get(image);
      return i === undefined ? [] : [i];
    });
    const fresh = yield* callAll(ctx, contracts.readRebuildImageState, indices.flatMap((i) => (builds[i] === undefined ? [] : [refOf(builds[i])])));
    const moved = yield* resolveBases(indices.filter((i) => rebuiltBases.has(follows.get(builds[i]?.image.name ?? '') ?? '')));
    const again = yield* callActivity(
      ctx,
      contracts.planRebuildRun,
      {
        now: ctx.df.currentUtcDateTime.toISOString(),
        sourceRegion,
        images: indices.flatMap((i, n) => {
          const entry = planInput[i];
          if (entry === undefined) return [];
          return [{ ...entry, state: fresh[n] ?? entry.state, base: moved.get(baseKeys[i] ?? '') ?? entry.base }];
        }),
        ...policyBlock,
      },
      planRetry(),
    );
    return new Map(again.items.map((item) => [item.image, item]));
  }

  const limit = Math.max(1, Math.floor(input.maxConcurrentBuilds));
  let pending = items.filter((item) => item.status === 'rebuild').map((item) => item.image);
  const queued = new Set(pending);
  // Images queued because the image they are built on was just rebuilt; kept as planned unless found due.
  const dependents = new Set<string>();
  const buildResults = new Map<string, RebuildRunImageOutput>();
  const replicationResults = new Map<string, ReconcileReplicationOutput[]>();
  const replanned = new Map<string, RebuildRunItem>();
  let sequence = 0;
  for (let wave = 1; pending.length > 0 || reconcileJobs.length > 0; wave++) {
    const chosen = nextWave(pending, follows, limit);
    pending = pending.filter((image) => !chosen.includes(image));
    let due = chosen;
    if (wave > 1 && chosen.length > 0) {
      const decided = yield* decideAgain(chosen);
      for (const image of chosen) {
        const again = decided.get(image);
        const planned = items[indexOf.get(image) ?? -1];
        if (again === undefined || planned === undefined) continue;
        if (dependents.has(image)) {
          const base = follows.get(image) ?? '';
          if (again.status === 'rebuild') replanned.set(image, { ...again, ...reconcileOf(planned), detail: `after ${base} was built in this run: ${again.detail}` });
        } else if (again.status !== 'rebuild') {
          replanned.set(image, { ...again, ...reconcileOf(planned), detail: `decided again before its wave: ${again.detail}` });
        }
      }
      due = chosen.filter((image) => decided.get(image)?.status === 'rebuild');
    }
    const jobs: Job[] = [...due.flatMap(buildJob), ...reconcileJobs];
    reconcileJobs = [];
    if (jobs.length === 0) continue;
    setProgress(ctx, {
      step: 'build',
      detail: `wave ${wave}: ${jobs.map((j) => `${j.kind} ${j.kind === 'build' ? j.image : `${j.image} ${j.input.version}`}`).join(', ')}`,
      percent: 20 + Math.round((75 * buildResults.size) / Math.max(1, buildResults.size + due.length + pending.length)),
    });
    // Child IDs derive from this run's ID and a counter: deterministic on replay, ≤ 100 characters.
    const tasks = jobs.map((job) => ctx.df.callSubOrchestrator(job.descriptor.name, job.input, `${ctx.df.instanceId}:${sequence++}`));
    const raw: unknown = yield ctx.df.Task.all(tasks);
    const outputs: unknown[] = Array.isArray(raw) ? raw : [];
    jobs.forEach((job, i) => {
      const output = outputs[i];
      if (job.kind === 'build') buildResults.set(job.image, output as RebuildRunImageOutput);
      else replicationResults.set(job.image, [...(replicationResults.get(job.image) ?? []), output as ReconcileReplicationOutput]);
    });
    // The images built on one promoted just now follow it in this run (their base image is decided again first).
    for (const image of due) {
      const result = buildResults.get(image);
      if (result?.outcome === 'built' && result.build.promoted) rebuiltBases.add(image);
    }
    items.forEach((item) => {
      const base = follows.get(item.image);
      if (base === undefined || !due.includes(base) || !rebuiltBases.has(base) || queued.has(item.image) || item.status === 'already-running') return;
      queued.add(item.image);
      dependents.add(item.image);
      pending.push(item.image);
    });
  }

  const out: RebuildRunOutputItem[] = items.map((planned) => {
    const item = replanned.get(planned.image) ?? planned;
    const build = buildResults.get(item.image) ?? null;
    // A race lost to another run or an on-demand build shows up here, not in the plan.
    const status: RebuildRunStatus = build?.outcome === 'already-running' ? 'already-running' : item.status;
    const reasons = status === item.status ? item.reasons : ['already-running'];
    const detail = build?.outcome === 'already-running' ? build.detail : item.detail;
    const replications = replicationResults.get(item.image) ?? [];
    const replication = replications.find((r) => r.version === planned.reconcile?.version) ?? null;
    return { ...item, status, reasons, detail, build, replication, replications };
  });
  const summary = summarize(out);
  const reconciled = [...replicationResults.values()].reduce((n, list) => n + list.length, 0);
  const line = `${Object.entries(summary).map(([k, v]) => `${k} ${v}`).join(', ')}; ${reconciled} version(s) reconciled`;
  log.info(`rebuild run: ${line}`);
  setProgress(ctx, { step: 'done', detail: line, percent: 100 });
  return { items: out, summary };
}
