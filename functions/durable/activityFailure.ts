import { errorCodeOf, PortError, type PortErrorCode } from '../../shared/ports/portError';
import { retryAfter, type RetryAfterEnvelope } from './retryAfter';

/**
 * A failure no retry can fix (bad request, immutable version, missing permission or resource). The activity returns
 * it instead of throwing, so the orchestration fails at once rather than after five durable retries.
 */
export interface PermanentFailureEnvelope {
  $permanentFailure: string;
}

const PERMANENT: ReadonlySet<PortErrorCode> = new Set(['BAD_REQUEST', 'VERSION_CONFLICT', 'FORBIDDEN', 'UNAUTHORIZED', 'NOT_FOUND']);

export function isPermanentFailure(value: unknown): value is PermanentFailureEnvelope {
  return typeof value === 'object' && value !== null && '$permanentFailure' in value && typeof value.$permanentFailure === 'string';
}

/**
 * What an activity hands back for an error: "retry after T" for a long ARM throttle (a 503 with a hint is left to the
 * retry policy, like any unavailability: its give-up message then names ARM_UNAVAILABLE, not a throttle), a permanent failure as data,
 * or undefined — rethrow, and let the durable retry policy try again (transient: 5xx, network, conflicts).
 */
export function settleActivityError(error: unknown): RetryAfterEnvelope | PermanentFailureEnvelope | undefined {
  if (error instanceof PortError && error.code === 'THROTTLED' && error.retryAfterSeconds !== undefined) return retryAfter(error.retryAfterSeconds);
  const code = errorCodeOf(error);
  if (code !== undefined && PERMANENT.has(code)) return { $permanentFailure: error instanceof Error ? error.message : String(error) };
  return undefined;
}
