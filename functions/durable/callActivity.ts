import type * as df from 'durable-functions';
import type { ActivityDescriptor, OrchestratorDescriptor } from './descriptors';
import { isPermanentFailure } from './activityFailure';
import { isRetryAfter } from './retryAfter';
import { armRetry } from './retryOptions';
import { awaitTask, cancellableTimer } from './cancellation';

/** How many times one call may be answered "retry after T" before the orchestration gives up. */
export const MAX_THROTTLE_WAITS = 20;

type Ctx = df.OrchestrationContext;

function addSeconds(ctx: Ctx, seconds: number): Date {
  return new Date(ctx.df.currentUtcDateTime.getTime() + seconds * 1000);
}

/**
 * `const out = yield* callActivity(ctx, contracts.x, input)`: the one typed way to call an activity. Retries with
 * `retry` (default armRetry; null = no retry), honours the activity's "retry after T" answer with a durable timer,
 * and throws a permanent failure (`VERSION_CONFLICT: …`) at once. A cancel interrupts the Retry-After wait, never
 * the call itself (cancellation.ts).
 */
export function* callActivity<I, O>(
  ctx: Ctx,
  descriptor: ActivityDescriptor<I, O>,
  input: I,
  retry: df.RetryOptions | null = armRetry(),
): Generator<df.Task, O, unknown> {
  for (let waits = 0; ; waits++) {
    const task = retry ? ctx.df.callActivityWithRetry(descriptor.name, retry, input) : ctx.df.callActivity(descriptor.name, input);
    const result: unknown = yield* awaitTask(ctx, task);
    if (isPermanentFailure(result)) throw new Error(result.$permanentFailure);
    if (!isRetryAfter(result)) return result as O;
    if (waits >= MAX_THROTTLE_WAITS) {
      throw new Error(`THROTTLED: ${descriptor.name} was throttled ${waits + 1} times in a row; giving up`);
    }
    yield* cancellableTimer(ctx, addSeconds(ctx, result.$retryAfterSeconds));
  }
}

/** Fan-out of one activity over many inputs; throttled members are called again one by one. */
export function* callAll<I, O>(
  ctx: Ctx,
  descriptor: ActivityDescriptor<I, O>,
  inputs: readonly I[],
  retry: df.RetryOptions | null = armRetry(),
): Generator<df.Task, O[], unknown> {
  if (inputs.length === 0) return [];
  const tasks = inputs.map((input) =>
    retry ? ctx.df.callActivityWithRetry(descriptor.name, retry, input) : ctx.df.callActivity(descriptor.name, input),
  );
  const raw: unknown = yield* awaitTask(ctx, ctx.df.Task.all(tasks));
  const results: unknown[] = Array.isArray(raw) ? raw : [];
  const out: O[] = [];
  for (const [index, result] of results.entries()) {
    const input = inputs[index];
    if (isPermanentFailure(result)) throw new Error(result.$permanentFailure);
    if (isRetryAfter(result) && input !== undefined) {
      yield* cancellableTimer(ctx, addSeconds(ctx, result.$retryAfterSeconds));
      out.push(yield* callActivity(ctx, descriptor, input, retry));
    } else {
      out.push(result as O);
    }
  }
  return out;
}

export function* callSubOrchestrator<I, O>(
  ctx: Ctx,
  descriptor: OrchestratorDescriptor<I, O>,
  input: I,
  instanceId: string,
): Generator<df.Task, O, unknown> {
  const result: unknown = yield* awaitTask(ctx, ctx.df.callSubOrchestrator(descriptor.name, input, instanceId));
  return result as O;
}

/**
 * One member of a fan-out over different sub-orchestrations: the task to yield (with the others, in one
 * `whenAll`) and the typed reading of its result, so the caller needs no cast.
 */
export interface SubOrchestration<O> {
  readonly task: df.Task;
  readonly output: (raw: unknown) => O;
}

export function subOrchestration<I, O>(ctx: Ctx, descriptor: OrchestratorDescriptor<I, O>, input: I, instanceId: string): SubOrchestration<O> {
  return { task: ctx.df.callSubOrchestrator(descriptor.name, input, instanceId), output: (raw) => raw as O };
}

/** Waits for every task at once; the raw results in task order (read each with its SubOrchestration's `output`). */
export function* whenAll(ctx: Ctx, tasks: readonly df.Task[]): Generator<df.Task, unknown[], unknown> {
  const raw: unknown = yield* awaitTask(ctx, ctx.df.Task.all([...tasks]));
  return Array.isArray(raw) ? raw : [];
}
