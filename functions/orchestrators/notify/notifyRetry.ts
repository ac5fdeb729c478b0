import * as df from 'durable-functions';

/**
 * Publishing is worth a few tries with backoff (10 s, 20 s, 40 s: a topic blip or a token hiccup) but never worth
 * holding up a build for long: after the last one the warning is recorded and the orchestration moves on.
 */
export function notifyRetry(): df.RetryOptions {
  const options = new df.RetryOptions(10_000, 4);
  options.backoffCoefficient = 2;
  options.maxRetryIntervalInMilliseconds = 60_000;
  return options;
}
