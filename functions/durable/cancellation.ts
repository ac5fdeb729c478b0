import type * as df from 'durable-functions';

/** The Durable external event that asks a run to stop (raised by POST /api/runs/{id}/cancel). */
export const CANCEL_EVENT = 'cancel';

/** The event's JSON input. */
export interface CancelRequest {
  requestedBy?: string;
}

/** The error code a cancelled run fails with; the run's status is `Cancelled`, not `Failed`. */
export const CANCELLED_CODE = 'CANCELLED';

/**
 * One execution's view of the cancel event. durable-functions only completes an external-event task it has seen
 * yielded (an event raised earlier waits in its deferred queue until then), so the one task of the execution is
 * raced by the first activity call and by every durable timer; once it has been yielded, a cancel raised while an
 * activity runs completes it and the next step boundary sees it.
 */
interface CancelState {
  task: df.Task;
  /** The task was yielded once: the SDK now completes it the moment the event is processed. */
  tracked: boolean;
  /** >0 inside cleanup, which a cancel must never interrupt (a VM or version left for the sweeper). */
  shield: number;
}

/**
 * Keyed by ctx.df, which lives for one replay of one episode: every replay creates the task again at the same
 * point of the same code path, so the state is rebuilt identically from history.
 */
const states = new WeakMap<object, CancelState>();

function stateOf(ctx: df.OrchestrationContext): CancelState {
  let state = states.get(ctx.df);
  if (state === undefined) {
    state = { task: ctx.df.waitForExternalEvent(CANCEL_EVENT), tracked: false, shield: 0 };
    states.set(ctx.df, state);
  }
  return state;
}

function requestedBy(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('requestedBy' in value)) return undefined;
  const by = value.requestedBy;
  return typeof by === 'string' && by.trim() !== '' ? by.trim().slice(0, 200) : undefined;
}

function stepOf(ctx: df.OrchestrationContext): string {
  const status: unknown = ctx.df.customStatus;
  if (typeof status === 'object' && status !== null && 'step' in status && typeof status.step === 'string') return status.step;
  return 'start';
}

/** Whether the cancel event has been received (and this code is not cleanup, which always runs to its end). */
export function isCancelRequested(ctx: df.OrchestrationContext): boolean {
  const state = stateOf(ctx);
  return state.shield === 0 && state.task.isCompleted;
}

/** `CANCELLED: cancelled during step <step>[ by <who>]`. */
export function cancelledError(step: string, by: string | undefined): Error {
  return new Error(`${CANCELLED_CODE}: cancelled during step ${step}${by === undefined ? '' : ` by ${by}`}`);
}

/** Whether an error is a cancellation (also when a sub-orchestration's failure wraps it). */
export function isCancellation(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith(`${CANCELLED_CODE}: `) || message.includes(` ${CANCELLED_CODE}: cancelled during step `);
}

/** The step boundary: throws `CANCELLED: …` when the cancel event arrived, naming the step that was running. */
export function throwIfCancelled(ctx: df.OrchestrationContext): void {
  if (!isCancelRequested(ctx)) return;
  throw cancelledError(stepOf(ctx), requestedBy(stateOf(ctx).task.result));
}

/**
 * A durable timer that a cancel interrupts: `Task.any([timer, cancel])`, then throw. The timer left behind fires into
 * a finished instance, which ignores it. Inside cleanup the timer is a plain wait.
 */
export function* cancellableTimer(ctx: df.OrchestrationContext, fireAt: Date): Generator<df.Task, void, unknown> {
  const state = stateOf(ctx);
  if (state.shield > 0) {
    yield ctx.df.createTimer(fireAt);
    return;
  }
  throwIfCancelled(ctx);
  state.tracked = true;
  yield ctx.df.Task.any([ctx.df.createTimer(fireAt), state.task]);
  throwIfCancelled(ctx);
}

/**
 * Yields `task` and returns its result. The first call of an execution races it with the cancel task so the SDK
 * starts tracking the event; the task is never abandoned (its result, e.g. the VM it created, is what cleanup
 * needs), so when the cancel wins it is awaited anyway and the cancel is seen at the next step boundary.
 */
export function* awaitTask(ctx: df.OrchestrationContext, task: df.Task): Generator<df.Task, unknown, unknown> {
  const state = stateOf(ctx);
  if (state.tracked || state.shield > 0 || state.task.isCompleted) return yield task;
  state.tracked = true;
  yield ctx.df.Task.any([task, state.task]);
  return yield task;
}

/** Runs cleanup that a cancel must not interrupt: its timers are plain waits and its step boundaries never throw. */
export function* shielded<T>(ctx: df.OrchestrationContext, body: () => Generator<df.Task, T, unknown>): Generator<df.Task, T, unknown> {
  const state = stateOf(ctx);
  state.shield += 1;
  try {
    return yield* body();
  } finally {
    state.shield -= 1;
  }
}

/**
 * Waits for the external event `name` until `fireAt` (a durable timer race); a cancel interrupts the wait like any
 * other. Returns the event's input, or `{ received: false }` when the timer fired first.
 */
export function* cancellableEvent(
  ctx: df.OrchestrationContext,
  name: string,
  fireAt: Date,
): Generator<df.Task, { received: true; value: unknown } | { received: false }, unknown> {
  const state = stateOf(ctx);
  throwIfCancelled(ctx);
  state.tracked = true;
  const event = ctx.df.waitForExternalEvent(name);
  const timer = ctx.df.createTimer(fireAt);
  yield ctx.df.Task.any([event, timer, state.task]);
  throwIfCancelled(ctx);
  if (!event.isCompleted) return { received: false };
  // The run goes on without the timer: cancelled, it cannot fire into a later wait.
  timer.cancel();
  return { received: true, value: event.result };
}
