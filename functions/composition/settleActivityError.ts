import { errorCodeOf, PortError, type PortErrorCode } from '../../shared/ports/portError';
import type { PermanentFailureEnvelope } from '../durable/activityFailure';
import { retryAfter, type RetryAfterEnvelope } from '../durable/retryAfter';

// Host side (the activity wrapper of registerDurable.ts): it reads port errors, which replay-side code never sees.
const PERMANENT: ReadonlySet<PortErrorCode> = new Set(['BAD_REQUEST', 'VERSION_CONFLICT', 'FORBIDDEN', 'UNAUTHORIZED', 'NOT_FOUND']);

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
