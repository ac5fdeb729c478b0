/**
 * How an activity tells its orchestration "ARM asked to wait T seconds": waiting inside the activity would
 * block a worker (docs/architecture.md#waiting-on-arm), and throwing would make the generic retry policy guess the delay. The
 * activity wrapper returns this envelope; the call helpers wait with a durable timer and call again.
 */
export interface RetryAfterEnvelope {
  $retryAfterSeconds: number;
}

export function retryAfter(seconds: number): RetryAfterEnvelope {
  return { $retryAfterSeconds: Math.max(1, Math.ceil(seconds)) };
}

export function isRetryAfter(value: unknown): value is RetryAfterEnvelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    '$retryAfterSeconds' in value &&
    typeof value.$retryAfterSeconds === 'number'
  );
}
