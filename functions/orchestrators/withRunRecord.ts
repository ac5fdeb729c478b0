import type * as df from 'durable-functions';
import { errorText } from '../../shared/domain/errorSummary';
import { quoted } from '../../shared/domain/quoted';
import { endOfOutput, runErrorOf, statusOfFailure } from '../../shared/domain/runs/runOutcome';
import type { RunUpdate } from '../../shared/domain/runs/runRecord';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { shielded } from '../durable/cancellation';
import { isProgress } from '../durable/progress';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { runNotes } from './notify/runNotes';

/** Steps whose output tails the record keeps (8 KiB each at most): more than any catalog image has. */
export const MAX_LOGGED_STEPS = 50;

type Orchestrator<I, O> = (ctx: df.OrchestrationContext, input: I) => Generator<df.Task, O, unknown>;

/** The step a failure happened in: the one withFailedProgress recorded, else the step in progress. */
function failedStep(ctx: df.OrchestrationContext): string | undefined {
  const status: unknown = ctx.df.customStatus;
  if (!isProgress(status)) return undefined;
  return status.failure?.step ?? status.step;
}

/**
 * Wraps a top-level orchestrator so its run record says how it ended (docs/operations.md#run-history) and its lock is
 * freed. A record that cannot be written never changes the run's own outcome: the route that next reads the run
 * settles it from Durable, and a lock whose holder ended is taken over.
 */
export function withRunRecord<I extends object, O>(run: Orchestrator<I, O>): Orchestrator<I, O> {
  return function* (ctx, input) {
    let output: O;
    try {
      output = yield* run(ctx, input);
    } catch (error) {
      const runError = runErrorOf(errorText(error), failedStep(ctx));
      yield* recordEnd(ctx, input, { status: statusOfFailure(runError), error: runError });
      throw error;
    }
    yield* recordEnd(ctx, input, endOfOutput(output));
    return output;
  };
}

/** Inputs of runs that hold a lock name it as `runLock` (set by whoever started the run). */
function lockOf(input: object): string | undefined {
  return 'runLock' in input && typeof input.runLock === 'string' ? input.runLock : undefined;
}

function* recordEnd(ctx: df.OrchestrationContext, input: object, update: RunUpdate): Generator<df.Task, void, unknown> {
  const runId = ctx.df.instanceId;
  const lockKey = lockOf(input);
  const customization = runNotes(ctx).customization.slice(0, MAX_LOGGED_STEPS);
  try {
    // Shielded: the record of a cancelled run is written like any other, however the cancel ended the run.
    yield* shielded(ctx, () =>
      callActivity(ctx, contracts.recordRunEnd, {
        runId,
        update: { ...update, endedAt: ctx.df.currentUtcDateTime.toISOString() },
        ...(lockKey === undefined ? {} : { lockKey }),
        ...(customization.length === 0 ? {} : { customization }),
      }),
    );
  } catch (error) {
    replaySafeLogger(ctx).warn(`${runId}: run record not written: ${quoted(error, 300)}`);
  }
}
