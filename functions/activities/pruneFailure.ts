import { errorCodeOf, type PortErrorCode } from '../../shared/ports/portError';

// ARM answers that a retry cannot change (a 409 from blockDeletionBeforeEndOfLife, a 403): reported, not retried.
const FINAL: readonly PortErrorCode[] = ['CONFLICT', 'BAD_REQUEST', 'FORBIDDEN', 'UNAUTHORIZED', 'OPERATION_FAILED', 'VERSION_CONFLICT'];

/** The failure as data when retrying is pointless, else null (the caller rethrows so durable retries apply). */
export function pruneFailure(error: unknown): { status: 'failed'; reason: string } | null {
  const code = errorCodeOf(error);
  if (code === undefined || !FINAL.includes(code)) return null;
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', reason: message.slice(0, 500) };
}
