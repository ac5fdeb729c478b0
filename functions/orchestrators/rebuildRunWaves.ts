/** The scheduled run's fan-out: jobs in waves, each wave as typed sub-orchestrations, decided again before it starts. */
import type * as df from 'durable-functions';
import type {
  BuildInput,
  PlanRebuildRunImage,
  RebuildRunImageInput,
  RebuildRunImageOutput,
  RebuildRunItem,
  ReconcileReplicationInput,
  ReconcileReplicationOutput,
} from '../contracts';
import * as contracts from '../contracts';
import { callActivity, callAll, subOrchestration, whenAll, type SubOrchestration } from '../durable/callActivity';
import { setProgress } from '../durable/progress';
import { planRetry } from '../durable/retryOptions';

type Ctx = df.OrchestrationContext;

export function refOf(build: BuildInput) {
  return {
    subscriptionId: build.gallery.subscriptionId,
    resourceGroup: build.gallery.resourceGroup,
    galleryName: build.gallery.name,
    imageName: build.image.name,
  };
}

/** What the run read and decided: each image's plan entry and item, by catalog index. */
export interface RunPlan {
  builds: BuildInput[];
  planInput: PlanRebuildRunImage[];
  items: RebuildRunItem[];
  sourceRegion: string;
  policyBlock: { policyBlock?: string };
}

/** One sub-orchestration to run: a build of an image due, or a replication reconciliation. */
export type Job =
  | { kind: 'build'; index: number; image: string; input: RebuildRunImageInput }
  | { kind: 'reconcile'; index: number; image: string; input: ReconcileReplicationInput };

type Started =
  | { kind: 'build'; image: string; call: SubOrchestration<RebuildRunImageOutput> }
  | { kind: 'reconcile'; image: string; call: SubOrchestration<ReconcileReplicationOutput> };

export interface WaveResults {
  builds: Map<string, RebuildRunImageOutput>;
  replications: Map<string, ReconcileReplicationOutput>;
  /** Images a later wave decided again not to build, with that decision. */
  replanned: Map<string, RebuildRunItem>;
}

/**
 * Builds in waves of at most `maxConcurrentBuilds`; reconciliations join the first wave (they do not count against
 * the build limit: they are one PATCH and polls).
 */
export function wavesOf(plan: RunPlan, maxConcurrentBuilds: number): Job[][] {
  const jobs: Job[] = [];
  plan.items.forEach((item, i) => {
    const b = plan.builds[i];
    if (b === undefined) return;
    if (item.status === 'rebuild') {
      jobs.push({ kind: 'build', index: i, image: item.image, input: { build: b } });
    } else if (item.reconcile !== null && item.reconcile.plan.changed) {
      jobs.push({ kind: 'reconcile', index: i, image: item.image, input: { ref: refOf(b), version: item.reconcile.version, plan: item.reconcile.plan, polling: b.polling } });
    }
  });
  const buildJobs = jobs.filter((j) => j.kind === 'build');
  const reconcileJobs = jobs.filter((j) => j.kind === 'reconcile');
  const limit = Math.max(1, Math.floor(maxConcurrentBuilds));
  const waves: Job[][] = [];
  for (let start = 0; start < buildJobs.length; start += limit) waves.push(buildJobs.slice(start, start + limit));
  if (waves.length === 0) waves.push([]);
  waves[0] = [...(waves[0] ?? []), ...reconcileJobs];
  return waves;
}

/**
 * Hours may have passed before a later wave: another run or an on-demand build may have built these images meanwhile
 * (and finished, so the instance-ID guard would not stop a second build). Re-read just these images and decide again;
 * returns the jobs still due.
 */
function* decideAgain(ctx: Ctx, plan: RunPlan, wave: Job[], replanned: Map<string, RebuildRunItem>): Generator<df.Task, Job[], unknown> {
  const entries = wave.flatMap((job) => {
    const entry = plan.planInput[job.index];
    const build = plan.builds[job.index];
    return entry !== undefined && build !== undefined ? [{ entry, ref: refOf(build) }] : [];
  });
  const fresh = yield* callAll(ctx, contracts.readRebuildImageState, entries.map((e) => e.ref));
  const again = yield* callActivity(
    ctx,
    contracts.planRebuildRun,
    {
      now: ctx.df.currentUtcDateTime.toISOString(),
      sourceRegion: plan.sourceRegion,
      images: entries.map(({ entry }, i) => ({ ...entry, state: fresh[i] ?? entry.state })),
      ...plan.policyBlock,
    },
    planRetry(),
  );
  for (const item of again.items) {
    if (item.status !== 'rebuild') replanned.set(item.image, { ...item, reconcile: null, detail: `decided again before its wave: ${item.detail}` });
  }
  return wave.filter((job) => !replanned.has(job.image));
}

function startJob(ctx: Ctx, job: Job, instanceId: string): Started {
  return job.kind === 'build'
    ? { kind: 'build', image: job.image, call: subOrchestration(ctx, contracts.rebuildRunImage, job.input, instanceId) }
    : { kind: 'reconcile', image: job.image, call: subOrchestration(ctx, contracts.reconcileReplication, job.input, instanceId) };
}

/** Runs the waves one after the other, each as sub-orchestrations fanned out together. */
export function* runWaves(ctx: Ctx, plan: RunPlan, waves: Job[][]): Generator<df.Task, WaveResults, unknown> {
  const results: WaveResults = { builds: new Map(), replications: new Map(), replanned: new Map() };
  let sequence = 0;
  for (const [index, planned] of waves.entries()) {
    const wave = index > 0 ? yield* decideAgain(ctx, plan, planned, results.replanned) : planned;
    if (wave.length === 0) continue;
    setProgress(ctx, {
      step: 'build',
      detail: `wave ${index + 1}/${waves.length}: ${wave.map((j) => `${j.kind} ${j.image}`).join(', ')}`,
      percent: 20 + Math.round((75 * index) / waves.length),
    });
    // Child IDs derive from this run's ID and a counter: deterministic on replay, ≤ 100 characters.
    const started = wave.map((job) => startJob(ctx, job, `${ctx.df.instanceId}:${sequence++}`));
    const outputs = yield* whenAll(ctx, started.map((s) => s.call.task));
    started.forEach((s, i) => {
      if (s.kind === 'build') results.builds.set(s.image, s.call.output(outputs[i]));
      else results.replications.set(s.image, s.call.output(outputs[i]));
    });
  }
  return results;
}

