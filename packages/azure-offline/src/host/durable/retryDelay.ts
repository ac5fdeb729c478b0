import type { WireRetryOptions } from './orchestratorAction';

/**
 * Delay before the retry that follows failure number `failures` (1-based), as the Durable Task Framework's retry
 * interceptor computes it: first × coefficient^(failures−1), capped by maxRetryInterval when one is set.
 */
export function retryDelayMs(options: WireRetryOptions, failures: number): number {
  if (!Number.isInteger(failures) || failures < 1) throw new RangeError(`retryDelayMs: failures must be an integer >= 1, got ${failures}`);
  const first = options.firstRetryIntervalInMilliseconds;
  if (!Number.isFinite(first) || first <= 0) {
    throw new RangeError(`retryOptions.firstRetryIntervalInMilliseconds must be a finite number > 0, got ${first}`);
  }
  const coefficient = options.backoffCoefficient ?? 1;
  if (!Number.isFinite(coefficient) || coefficient <= 0) {
    throw new RangeError(`retryOptions.backoffCoefficient must be a finite number > 0, got ${coefficient}`);
  }
  const raw = first * Math.pow(coefficient, failures - 1);
  const cap = options.maxRetryIntervalInMilliseconds;
  const capped = cap !== undefined && cap > 0 && raw > cap ? cap : raw;
  // A runaway coefficient would otherwise give Infinity, which no Date can hold.
  return Math.min(Math.round(capped), 100 * 365 * 24 * 3600 * 1000);
}

/** The SDK's RetryableTask schedules a re-attempt after a retry timer only while attempts remain. */
export function shouldReattempt(options: WireRetryOptions, failures: number): boolean {
  return failures < options.maxNumberOfAttempts;
}
