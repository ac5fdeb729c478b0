import type * as df from 'durable-functions';
import type { PollingSettings } from '../../shared/domain/polling';
import { cancellableTimer } from './cancellation';

export type { PollingSettings } from '../../shared/domain/polling';

export interface PollOptions<T> {
  /** A read: usually `() => callActivity(ctx, contracts.readX, input)`. */
  read: () => Generator<df.Task, T, unknown>;
  isDone: (value: T) => boolean;
  /** ARM's own hint (e.g. an activity passing on Retry-After); the next wait is never shorter. */
  retryAfterSeconds?: (value: T) => number | undefined;
  polling: PollingSettings;
  /**
   * Wait this long before the first read: an operation just started is not done yet, and skipping that read is
   * what keeps short operations near one read per minute. Omit when the state may already be final.
   */
  firstReadAfterSeconds?: number;
  /** Give up after this much orchestration time; the error names `what`. */
  timeoutSeconds: number;
  what: string;
}

/**
 * The next wait of a backoff that starts at min, doubles per poll and stays ≤ max; a server hint longer than
 * that wins. Pure, so it is tested on its own.
 */
export function nextPollDelaySeconds(attempt: number, polling: PollingSettings, hintSeconds?: number): number {
  const min = Math.max(1, polling.minSeconds);
  const max = Math.max(min, polling.maxSeconds);
  const backoff = Math.min(max, min * 2 ** Math.min(attempt, 30));
  return hintSeconds !== undefined && Number.isFinite(hintSeconds) && hintSeconds > backoff ? Math.ceil(hintSeconds) : backoff;
}

/**
 * the budget (docs/architecture.md#waiting-on-arm): at most one status read per minute per operation on average. The backoff alone cannot
 * promise it for short operations (reads at 15 s and 45 s are two reads in under a minute), so each read also
 * waits until the operation has been running one minute per read.
 */
export const SECONDS_PER_READ = 60;

/** When the next read may happen: the backoff (or ARM's longer hint), but never ahead of the read budget. */
export function nextReadAt(startedMs: number, nowMs: number, paidReads: number, delaySeconds: number): number {
  return Math.max(nowMs + delaySeconds * 1000, startedMs + (paidReads + 1) * SECONDS_PER_READ * 1000);
}

/**
 * Reads until `isDone`, sleeping on durable timers between reads (docs/architecture.md#waiting-on-arm: ~15 s growing to ≤ 5 min,
 * ≤ 1 read per minute per operation on average), so no worker waits on a long-running operation. Without
 * `firstReadAfterSeconds` the first read looks at state that may already be final: it is not a status poll and is
 * not charged to the budget. A cancel ends any wait at once (cancellation.ts).
 */
export function* pollUntil<T>(ctx: df.OrchestrationContext, options: PollOptions<T>): Generator<df.Task, T, unknown> {
  const started = ctx.df.currentUtcDateTime.getTime();
  const waitsFirst = options.firstReadAfterSeconds !== undefined && options.firstReadAfterSeconds > 0;
  if (waitsFirst) {
    yield* cancellableTimer(ctx, new Date(nextReadAt(started, started, 0, options.firstReadAfterSeconds ?? 0)));
  }
  for (let attempt = 0; ; attempt++) {
    const value = yield* options.read();
    if (options.isDone(value)) return value;
    const delay = nextPollDelaySeconds(attempt, options.polling, options.retryAfterSeconds?.(value));
    const paidReads = waitsFirst ? attempt + 1 : attempt;
    const fireAt = nextReadAt(started, ctx.df.currentUtcDateTime.getTime(), paidReads, delay);
    if (fireAt - started > options.timeoutSeconds * 1000) {
      throw new Error(`TIMEOUT: ${options.what} did not finish within ${options.timeoutSeconds} s`);
    }
    yield* cancellableTimer(ctx, new Date(fireAt));
  }
}
