import { HttpResponse } from '@azure/functions';

/** Error codes of docs/http-api.md#errors; features add theirs here. */
export type ApiErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BUILD_RUNNING'
  | 'CAPTURE_RUNNING'
  | 'IMPORT_RUNNING'
  | 'IMPORT_SOURCE_MISMATCH'
  | 'PRUNE_RUNNING'
  | 'PRUNE_MODE_DRY_RUN'
  | 'PROMOTE_RUNNING'
  | 'SHARING_RUNNING'
  | 'ALREADY_PROMOTED'
  | 'VERSION_REJECTED'
  | 'POLICY_BLOCKED'
  | 'NO_REPORT'
  | 'RUN_FINISHED'
  | 'RUN_NOT_WAITING'
  | 'ARM_THROTTLED'
  | 'ARM_UNAVAILABLE'
  | 'ARM_ERROR'
  | 'DURABLE_UNAVAILABLE'
  | 'RUN_STORE_UNAVAILABLE'
  | 'RUN_STORE_ERROR'
  | 'INTERNAL';

export interface ErrorDetail {
  path: string;
  message: string;
}

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details: ErrorDetail[] };
}

export function apiError(status: number, code: ApiErrorCode, message: string, details: ErrorDetail[] = []): HttpResponse {
  const body: ApiErrorBody = { error: { code, message, details } };
  return new HttpResponse({ status, jsonBody: body });
}

export function validationFailed(message: string, details: ErrorDetail[] = []): HttpResponse {
  return apiError(400, 'VALIDATION_FAILED', message, details);
}

export function notFound(message: string, path?: string): HttpResponse {
  return apiError(404, 'NOT_FOUND', message, path === undefined ? [] : [{ path, message }]);
}
