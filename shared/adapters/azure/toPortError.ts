import { PortError, type PortErrorCode } from '../../ports/portError';
import { RetryAfterTooLongError, retryAfterSeconds } from './capRetryAfterPolicy';

// ARM error codes that mean "this version exists with other content" (versions are immutable).
const VERSION_CONFLICT_CODES = new Set(['propertychangenotallowed', 'galleryimageversionalreadyexists']);

interface RestErrorLike {
  name: string;
  message: string;
  code?: string;
  statusCode?: number;
  details?: unknown;
  response?: { headers: { get(name: string): string | undefined } };
}

// Structural, like core-rest-pipeline's own isRestError: two copies of the pipeline may be installed.
function isRestError(error: unknown): error is RestErrorLike {
  return error instanceof Error && error.name === 'RestError';
}

function armCodeOf(error: { code?: string; details?: unknown }): string | undefined {
  const details = error.details;
  if (typeof details === 'object' && details !== null && 'error' in details) {
    const inner = details.error;
    if (typeof inner === 'object' && inner !== null && 'code' in inner && typeof inner.code === 'string') return inner.code;
  }
  return error.code;
}

// Network failures the SDK gave up retrying: ARM (or the path to it) is unavailable, not the operation wrong.
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

function codeFor(status: number | undefined, armCode: string | undefined): PortErrorCode {
  if (status === undefined && armCode !== undefined && NETWORK_CODES.has(armCode)) return 'ARM_UNAVAILABLE';
  if (armCode !== undefined && VERSION_CONFLICT_CODES.has(armCode.toLowerCase())) return 'VERSION_CONFLICT';
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHORIZED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    // 412: If-None-Match: * refused, the resource exists (a create-only PUT wrote nothing).
    case 409:
    case 412:
      return 'CONFLICT';
    case 429:
      return 'THROTTLED';
    default:
      if (status !== undefined && status >= 500) return 'ARM_UNAVAILABLE';
      // An LRO that ended Failed carries ARM's code but no HTTP status of its own.
      return armCode !== undefined ? 'OPERATION_FAILED' : 'UNEXPECTED';
  }
}

// The SDK's pager throws its own sentence and drops ARM's message (only ARM's code survives): not for people.
const SDK_PAGING_FAILURE = /^(?:Pagination failed with unexpected statusCode \d+|Couldn't paginate response)/;

/** ARM's own first line, or — where the SDK replaced it with wording of its own — what we know in our words. */
function messageOf(error: RestErrorLike): string {
  const first = error.message.split('\n')[0] ?? '';
  if (!SDK_PAGING_FAILURE.test(first)) return first.slice(0, 500);
  return error.statusCode === undefined ? 'ARM answered a list request with an unexpected response' : `ARM answered HTTP ${error.statusCode}`;
}

function retryAfterOf(error: RestErrorLike): number | undefined {
  const headers = error.response?.headers;
  if (headers === undefined || typeof headers.get !== 'function') return undefined;
  const seconds = retryAfterSeconds(headers, Date.now());
  return seconds === undefined ? undefined : Math.ceil(seconds);
}

/**
 * The one seam that turns SDK failures into our stable codes (docs/architecture.md#error-codes). The code leads the message because
 * only the message survives an activity boundary; ARM's own code follows it for people and logs.
 */
export function toPortError(error: unknown, what: string): PortError {
  if (error instanceof PortError) return error;
  if (error instanceof RetryAfterTooLongError) {
    const code = error.status === 429 ? 'THROTTLED' : 'ARM_UNAVAILABLE';
    return new PortError(code, `${what}: ARM answered ${error.status} and asked to retry after ${error.retryAfterSeconds} s`, error.retryAfterSeconds);
  }
  if (isRestError(error)) {
    const armCode = armCodeOf(error);
    const code = codeFor(error.statusCode, armCode);
    // The SDK already waited out shorter hints and gave up; the last one still tells callers when to come back.
    const hint = code === 'THROTTLED' || code === 'ARM_UNAVAILABLE' ? retryAfterOf(error) : undefined;
    return new PortError(code, `${what}: ${armCode ?? error.statusCode ?? 'error'}: ${messageOf(error)}`, hint);
  }
  const message = error instanceof Error ? error.message : String(error);
  // An LRO failure is thrown as a plain Error by core-lro; ARM's code is still in the text.
  return new PortError('UNEXPECTED', `${what}: ${message.slice(0, 500)}`);
}

/** Runs one SDK call and maps whatever it throws. */
export async function armCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toPortError(error, what);
  }
}
