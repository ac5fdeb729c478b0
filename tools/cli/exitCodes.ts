import { CommanderError } from 'commander';
import { ApiError, UnreachableError, UsageError } from './errors';

export const EXIT = { ok: 0, runFailed: 1, usage: 2, unreachable: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Run statuses of GET /api/runs that will not change any more. */
export const FINAL_STATUSES = ['Completed', 'Degraded', 'Failed', 'Cancelled'] as const;

export function isFinalStatus(status: string): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status);
}

/** Only Completed is a success: a Degraded run left its version unpromoted, which a script must notice. */
export function exitCodeOfRunStatus(status: string): ExitCode {
  return status === 'Completed' ? EXIT.ok : EXIT.runFailed;
}

/**
 * The caller's mistakes (4xx: bad input, unknown names, conflicts) are usage errors; an app or Durable backend that
 * cannot answer (503) counts as unreachable so scripts can retry; any other server failure is a failure.
 */
export function exitCodeOfHttpStatus(status: number): ExitCode {
  if (status >= 400 && status < 500) return EXIT.usage;
  if (status === 503) return EXIT.unreachable;
  return EXIT.runFailed;
}

export function exitCodeOfError(error: unknown): ExitCode {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof ApiError) return exitCodeOfHttpStatus(error.status);
  if (error instanceof UnreachableError) return EXIT.unreachable;
  return EXIT.runFailed;
}
