import type { PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * Thrown inside the pipeline when ARM asks for a wait longer than the cap; toPortError maps it to THROTTLED (429)
 * or ARM_UNAVAILABLE (503), keeping the wait.
 */
export class RetryAfterTooLongError extends Error {
  override readonly name = 'RetryAfterTooLongError';
  constructor(
    readonly retryAfterSeconds: number,
    readonly status: number = 429,
  ) {
    super(`${status === 429 ? 'THROTTLED' : 'ARM_UNAVAILABLE'}: retry after ${retryAfterSeconds} s`);
  }
}

/** ARM's wait hint in seconds (`retry-after-ms`, `x-ms-retry-after-ms`, or `Retry-After` as seconds or a date). */
export function retryAfterSeconds(headers: { get(name: string): string | undefined }, now: number): number | undefined {
  const ms = headers.get('retry-after-ms') ?? headers.get('x-ms-retry-after-ms');
  if (ms !== undefined && /^\d+$/.test(ms.trim())) return Number(ms) / 1000;
  const value = headers.get('retry-after');
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, (at - now) / 1000) : undefined;
}

/**
 * The SDK waits exactly as long as a 429/503 `Retry-After` says, without a cap, inside the activity. Placed per
 * retry, this policy sees each response first: a longer wait than `maxSeconds` becomes an error that the retry
 * policy does not handle (it is not a RestError), so the activity returns "retry after T" to its orchestration.
 */
export function capRetryAfterPolicy(maxSeconds: number): PipelinePolicy {
  return {
    name: 'capRetryAfterPolicy',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status === 429 || response.status === 503) {
        const seconds = retryAfterSeconds(response.headers, Date.now());
        if (seconds !== undefined && seconds > maxSeconds) throw new RetryAfterTooLongError(Math.ceil(seconds), response.status);
      }
      return response;
    },
  };
}
