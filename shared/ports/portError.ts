/**
 * Stable error codes every adapter maps SDK failures to (docs/architecture.md#error-codes). Error classes do not survive the
 * activity boundary, so the code always leads the message: `VERSION_CONFLICT: …`.
 */
export type PortErrorCode =
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'VERSION_CONFLICT'
  | 'THROTTLED'
  | 'BAD_REQUEST'
  | 'FORBIDDEN'
  | 'UNAUTHORIZED'
  | 'OPERATION_FAILED'
  | 'ARM_UNAVAILABLE'
  | 'UNEXPECTED';

export const PORT_ERROR_CODES: readonly PortErrorCode[] = [
  'NOT_FOUND',
  'CONFLICT',
  'VERSION_CONFLICT',
  'THROTTLED',
  'BAD_REQUEST',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'OPERATION_FAILED',
  'ARM_UNAVAILABLE',
  'UNEXPECTED',
];

export class PortError extends Error {
  override readonly name = 'PortError';
  constructor(
    readonly code: PortErrorCode,
    detail: string,
    /** Set with THROTTLED when ARM asked for a wait longer than the adapter may block. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** The code at the start of an error message, also after the error crossed an activity boundary as text. */
export function errorCodeOf(error: unknown): PortErrorCode | undefined {
  if (error instanceof PortError) return error.code;
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const match = /^([A-Z_]+):/.exec(message);
  const code = match?.[1];
  return PORT_ERROR_CODES.find((c) => c === code);
}
