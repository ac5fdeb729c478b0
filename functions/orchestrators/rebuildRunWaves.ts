/**
 * The scheduled run's fan-out: builds in waves of at most `maxConcurrentBuilds` (an image built on another catalog
 * image waits for that one), every reconciliation in the first wave, each wave as typed sub-orchestrations.
 */
import type * as df from 'durable-functions';
import type {
  RebuildRunImageInput,
  RebuildRunImageOutput,
  RebuildRunItem,
  ReconcileReplicationInput,
  ReconcileReplicationOutput,
  ReplicationPlan,
} from '../contracts';
import * as contracts from '../contracts';
import { callActivity, callAll, subOrchestration, whenAll, type SubOrchestration } from '../durable/callActivity';
import { setProgress } from '../durable/progress';
import { planRetry } from '../durable/retryOptions';
import { nextWave } from '../../shared/domain/rebuildOrder';
import { refOf, resolveBases, type RunPlan } from './rebuildRunReads';

type Ctx = df.OrchestrationContext;

type Job = { kind: 'build'; image: string; input: RebuildRunImageInput } | { kind: 'reconcile'; image: string; input: ReconcileReplicationInput };

type Started =
  | { kind: 'build'; image: string; call: SubOrchestration<RebuildRunImageOutput> }
  | { kind: 'reconcile'; image: string; call: SubOrchestration<ReconcileReplicationOutput> };

export interface WaveResults {
  builds: Map<string, RebuildRunImageOutput>;
  /** Per image, in `reconcileVersions` order. */
  replications: Map<string, ReconcileReplicationOutput[]>;
  /** Images decided again in a later wave, with that decision. */
  replanned: Map<string, RebuildRunItem>;
}

/** The versions the plan reconciles this run (histories recorded before `reconcileVersions` had only the latest). */
function reconcileVersionsOf(item: RebuildRunItem): { version: string; plan: ReplicationPlan }[] {
  if (item.reconcileVersions !== undefined) return item.reconcileVersions;
  return item.reconcile !== null && item.reconcile.plan.changed ? [item.reconcile] : [];
}

// A decision taken again later concerns the build only: the reconciliation planned first ran in the first wave.
function reconcileOf(item: RebuildRunItem): Pick<RebuildRunItem, 'reconcile' | 'reconcileVersions' | 'reconcileDeferred'> {
  return {
    reconcile: item.reconcile,
    ...(item.reconcileVersions === undefined ? {} : { reconcileVersions: item.reconcileVersions }),
    ...(item.reconcileDeferred === undefined ? {} : { reconcileDeferred: item.reconcileDeferred }),
  };
}

function reconcileJobsOf(plan: RunPlan): Job[] {
  return plan.items.flatMap((item, i): Job[] => {
    const b = plan.builds[i];
    if (b === undefined) return [];
    return reconcileVersionsOf(item).map(({ version, plan: replication }) => ({ kind: 'reconcile', image: item.image, input: { ref: refOf(b), version, plan: replication, polling: b.polling } }));
  });
}

function buildJob(plan: RunPlan, image: string): Job[] {
  const b = plan.builds[plan.indexOf.get(image) ?? -1];
  return b === undefined ? [] : [{ kind: 'build', image, input: { build: b } }];
}

/**
 * Hours may pass before a later wave: another run or an on-demand build may have built its images meanwhile (and
 * finished, so the instance-ID guard would not stop a second build), or their base image was just rebuilt. Re-read
 * just these images — and the base images that this run rebuilt — and decide again.
 */
function* decideAgain(ctx: Ctx, plan: RunPlan, images: readonly string[], rebuiltBases: ReadonlySet<string>): Generator<df.Task, Map<string, RebuildRunItem>, unknown> {
  const { builds, follows } = plan;
  const indices = images.flatMap((image) => {
    const i = plan.indexOf.get(image);
    return i === undefined ? [] : [i];
  });
  const fresh = yield* callAll(ctx, contracts.readRebuildImageState, indices.flatMap((i) => (builds[i] === undefined ? [] : [refOf(builds[i])])));
  const moved = yield* resolveBases(ctx, builds, plan.baseKeys, indices.filter((i) => rebuiltBases.has(follows.get(builds[i]?.image.name ?? '') ?? '')));
  const again = yield* callActivity(
    ctx,
    contracts.planRebuildRun,
    {
      now: ctx.df.currentUtcDateTime.toISOString(),
      sourceRegion: plan.sourceRegion,
      images: indices.flatMap((i, n) => {
        const entry = plan.planInput[i];
        if (entry === undefined) return [];
        return [{ ...entry, state: fresh[n] ?? entry.state, base: moved.get(plan.baseKeys[i] ?? '') ?? entry.base }];
      }),
      ...plan.policyBlock,
    },
    planRetry(),
  );
  return new Map(again.items.map((item) => [item.image, item]));
}

/**
 * Records what deciding again changed: an image queued after its base was rebuilt is reported with its new decision
 * when it is due; one planned at first is reported when it is no longer due. Returns the images still due.
 */
function keepDue(plan: RunPlan, chosen: readonly string[], decided: Map<string, RebuildRunItem>, dependents: ReadonlySet<string>, replanned: Map<string, RebuildRunItem>): string[] {
  for (const image of chosen) {
    const again = decided.get(image);
    const planned = plan.items[plan.indexOf.get(image) ?? -1];
    if (again === undefined || planned === undefined) continue;
    if (again.status === 'rebuild') {
      if (dependents.has(image)) replanned.set(image, { ...again, ...reconcileOf(planned), detail: `after ${plan.follows.get(image) ?? ''} was built in this run: ${again.detail}` });
    } else if (planned.status === 'rebuild') {
      replanned.set(image, { ...again, ...reconcileOf(planned), detail: `decided again before its wave: ${again.detail}` });
    }
  }
  return chosen.filter((image) => decided.get(image)?.status === 'rebuild');
}

function startJob(ctx: Ctx, job: Job, instanceId: string): Started {
  return job.kind === 'build'
    ? { kind: 'build', image: job.image, call: subOrchestration(ctx, contracts.rebuildRunImage, job.input, instanceId) }
    : { kind: 'reconcile', image: job.image, call: subOrchestration(ctx, contracts.reconcileReplication, job.input, instanceId) };
}

/** The images built on one promoted just now follow it in this run (their base image is decided again first). */
function queueFollowers(plan: RunPlan, due: readonly string[], rebuiltBases: ReadonlySet<string>, queued: Set<string>, dependents: Set<string>, pending: string[]): void {
  plan.items.forEach((item) => {
    const base = plan.follows.get(item.image);
    if (base === undefined || !due.includes(base) || !rebuiltBases.has(base) || item.status === 'already-running') return;
    // An image due from the start is still pending here (a base always goes in an earlier wave): it follows too.
    dependents.add(item.image);
    if (queued.has(item.image)) return;
    queued.add(item.image);
    pending.push(item.image);
  });
}

export function* runWaves(ctx: Ctx, plan: RunPlan, maxConcurrentBuilds: number): Generator<df.Task, WaveResults, unknown> {
  const limit = Math.max(1, Math.floor(maxConcurrentBuilds));
  const results: WaveResults = { builds: new Map(), replications: new Map(), replanned: new Map() };
  let pending = plan.items.filter((item) => item.status === 'rebuild').map((item) => item.image);
  let reconcileJobs = reconcileJobsOf(plan);
  const queued = new Set(pending);
  // Images queued because the image they are built on was just rebuilt; kept as planned unless found due.
  const dependents = new Set<string>();
  const rebuiltBases = new Set<string>();
  let sequence = 0;
  for (let wave = 1; pending.length > 0 || reconcileJobs.length > 0; wave++) {
    const chosen = nextWave(pending, plan.follows, limit);
    pending = pending.filter((image) => !chosen.includes(image));
    let due = chosen;
    if (wave > 1 && chosen.length > 0) due = keepDue(plan, chosen, yield* decideAgain(ctx, plan, chosen, rebuiltBases), dependents, results.replanned);
    const jobs: Job[] = [...due.flatMap((image) => buildJob(plan, image)), ...reconcileJobs];
    reconcileJobs = [];
    if (jobs.length === 0) continue;
    const size = results.builds.size;
    setProgress(ctx, {
      step: 'build',
      detail: `wave ${wave}: ${jobs.map((j) => `${j.kind} ${j.kind === 'build' ? j.image : `${j.image} ${j.input.version}`}`).join(', ')}`,
      percent: 20 + Math.round((75 * size) / Math.max(1, size + due.length + pending.length)),
    });
    // Child IDs derive from this run's ID and a counter: deterministic on replay, ≤ 100 characters.
    const started = jobs.map((job) => startJob(ctx, job, `${ctx.df.instanceId}:${sequence++}`));
    const outputs = yield* whenAll(ctx, started.map((s) => s.call.task));
    started.forEach((s, i) => {
      if (s.kind === 'build') results.builds.set(s.image, s.call.output(outputs[i]));
      else results.replications.set(s.image, [...(results.replications.get(s.image) ?? []), s.call.output(outputs[i])]);
    });
    for (const image of due) {
      const result = results.builds.get(image);
      if (result?.outcome === 'built' && result.build.promoted) rebuiltBases.add(image);
    }
    queueFollowers(plan, due, rebuiltBases, queued, dependents, pending);
  }
  return results;
}
