import * as df from 'durable-functions';

/**
 * Transient ARM failures the SDK's own retries did not absorb (a 5xx burst, a dropped connection): retry a few
 * times with backoff from 15 s, at most 5 minutes apart. Every activity is idempotent, so a retry after an
 * unseen success is harmless.
 */
export function armRetry(): df.RetryOptions {
  const options = new df.RetryOptions(15_000, 5);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 300_000;
  return options;
}

/** Pure planning activities cannot fail transiently; one retry covers a worker crash. */
export function planRetry(): df.RetryOptions {
  return new df.RetryOptions(5_000, 2);
}
