import type * as df from 'durable-functions';
import { errorCode, errorText } from '../../shared/domain/errorSummary';
import type { StepTails } from '../../shared/domain/outputTail';
import { TELEMETRY_EVENTS } from '../../shared/domain/telemetry/names';
import { isCancellation, throwIfCancelled } from './cancellation';
import { replaySafeLogger } from './replaySafeLogger';

/** What a failed run's last customStatus says went wrong (also GET /api/images `lastBuild.error`). */
export interface RunFailure {
  /** The step that was running when the failure happened, not the cleanup that ran after it. */
  step: string;
  /** The stable code the error leads with (`STEP_FAILED`, `NOT_FOUND`, …), null when it has none. */
  code: string | null;
  /** The error message, first 500 characters. */
  message: string;
}

/** customStatus of every orchestration (docs/architecture.md#progress): where it is and how far, readable through the status URL. */
export interface Progress {
  step: string;
  detail: string;
  percent: number;
  /** Builds publish their build ID so the sweeper can tell their VMs from orphans. */
  buildId?: string;
  /** Only on the final status of a failed or cancelled run (step `failed` or `cancelled`). */
  failure?: RunFailure;
  /** The timeline: one entry per step, when it began (orchestration time), with its latest detail and percent. */
  steps?: ProgressStep[];
  /** Builds: the tails of the customization steps run so far, while all of them fit in 4 KiB (`tailsThatFit`). */
  customization?: StepTails[];
}

export interface ProgressStep {
  step: string;
  detail: string;
  percent: number;
  at: string;
}

/** Enough for every step of a build with room for retries, and small enough for Durable's customStatus limit. */
export const MAX_TIMELINE_STEPS = 60;
const MAX_TIMELINE_DETAIL = 200;

function timeline(ctx: df.OrchestrationContext, progress: Progress, percent: number): ProgressStep[] {
  const current: unknown = ctx.df.customStatus;
  const steps = isProgress(current) && Array.isArray(current.steps) ? current.steps : [];
  const detail = progress.detail.slice(0, MAX_TIMELINE_DETAIL);
  const last = steps[steps.length - 1];
  // Progress within a step (polls, regions) updates its entry; a new step starts a new one.
  if (last !== undefined && last.step === progress.step) return [...steps.slice(0, -1), { ...last, detail, percent }];
  if (last !== undefined) stepCompleted(ctx, last);
  return [...steps, { step: progress.step, detail, percent, at: ctx.df.currentUtcDateTime.toISOString() }].slice(-MAX_TIMELINE_STEPS);
}

/** A step's duration on the orchestration's clock, from its timeline entry to the next step (the build step metric). */
function stepCompleted(ctx: df.OrchestrationContext, last: ProgressStep): void {
  const began = Date.parse(last.at);
  if (!Number.isFinite(began)) return;
  const durationSeconds = Math.max(0, Math.round((ctx.df.currentUtcDateTime.getTime() - began) / 1000));
  replaySafeLogger(ctx).event({ event: TELEMETRY_EVENTS.stepCompleted, step: last.step, durationSeconds }, `step ${last.step} took ${durationSeconds} s`);
}

/** The last step of a run that failed; `detail` is `<failed step>: <code>`. */
export const FAILED_STEP = 'failed';

/** The last step of a cancelled run; `detail` is `<step it was in>: CANCELLED`. */
export const CANCELLED_STEP = 'cancelled';

/** The step a run reaches when its work is finished: a cancel arriving then is too late to stop anything. */
export const DONE_STEP = 'done';

function writeProgress(ctx: df.OrchestrationContext, progress: Progress): void {
  const percent = Math.max(0, Math.min(100, Math.round(progress.percent)));
  ctx.df.setCustomStatus({ ...progress, percent, steps: timeline(ctx, progress, percent) });
}

/**
 * Every step change is a step boundary: a run asked to cancel throws `CANCELLED: …` here, naming the step it was
 * in, before starting the next one (cleanup runs shielded, so its steps never throw).
 */
export function setProgress(ctx: df.OrchestrationContext, progress: Progress): void {
  if (progress.step !== DONE_STEP) throwIfCancelled(ctx);
  writeProgress(ctx, progress);
}

export function isProgress(value: unknown): value is Progress {
  return (
    typeof value === 'object' &&
    value !== null &&
    'step' in value &&
    typeof value.step === 'string' &&
    'percent' in value &&
    typeof value.percent === 'number'
  );
}

/**
 * The step each execution was in when a failure began to unwind. Keyed by the context object, which lives for one
 * replay of one episode: every replay rebuilds the same entry from the same history (as runNotes does).
 */
const failingSteps = new WeakMap<df.OrchestrationContext, string>();

/**
 * Call where a failure starts unwinding into cleanup (a catch or finally that cleans up, then rethrows): the cleanup
 * steps replace customStatus, and the failed run must still say which step failed. The first call wins.
 */
export function noteFailingStep(ctx: df.OrchestrationContext): void {
  if (failingSteps.has(ctx)) return;
  const status = ctx.df.customStatus;
  if (isProgress(status)) failingSteps.set(ctx, status.step);
}

/**
 * The final customStatus of a failed run: `{ step: 'failed', detail: '<failed step>: <code>', percent: 100, buildId,
 * failure: { step, code, message } }` (step `cancelled` when the run was cancelled). The failed step is the one noted
 * when the failure began to unwind, else the step in progress (a failure with no cleanup after it).
 */
export function setFailedProgress(ctx: df.OrchestrationContext, error: unknown): RunFailure {
  const status = ctx.df.customStatus;
  const current = isProgress(status) ? status : undefined;
  const message = errorText(error);
  const failure: RunFailure = { step: failingSteps.get(ctx) ?? current?.step ?? 'start', code: errorCode(message), message };
  writeProgress(ctx, {
    step: isCancellation(error) ? CANCELLED_STEP : FAILED_STEP,
    detail: `${failure.step}: ${failure.code ?? 'failed'}`,
    percent: 100,
    ...(current?.buildId === undefined ? {} : { buildId: current.buildId }),
    // A failed step's output is what explains the failure: keep what the run showed (the cleanup after it adds none).
    ...(current?.customization === undefined ? {} : { customization: current.customization }),
    failure,
  });
  return failure;
}

type Orchestrator<I, O> = (ctx: df.OrchestrationContext, input: I) => Generator<df.Task, O, unknown>;

/**
 * Wraps an orchestrator so a failure, at any step, ends on the `failed` step (`cancelled` for a cancel) instead of
 * whatever cleanup ran last (`cleanup … 99%`); the error is re-thrown unchanged, so the orchestration still fails.
 */
export function withFailedProgress<I, O>(run: Orchestrator<I, O>): Orchestrator<I, O> {
  return function* (ctx, input) {
    try {
      return yield* run(ctx, input);
    } catch (error) {
      setFailedProgress(ctx, error);
      throw error;
    }
  };
}

/**
 * For runs whose failures keep their last step (prune, policy scan, rebuild run): only a cancel ends on the
 * `cancelled` step; the error is re-thrown unchanged.
 */
export function withCancelledProgress<I, O>(run: Orchestrator<I, O>): Orchestrator<I, O> {
  return function* (ctx, input) {
    try {
      return yield* run(ctx, input);
    } catch (error) {
      if (isCancellation(error)) setFailedProgress(ctx, error);
      throw error;
    }
  };
}
