import type { HttpHandler, HttpRequest, HttpResponseInit, InvocationContext } from '@azure/functions';
import { HttpResponse } from '@azure/functions';
import { PortError, errorCodeOf } from '../../../shared/ports/portError';
import type { ApiErrorBody, ApiErrorCode } from './errorResponse';
import { quoted } from '../../../shared/domain/quoted';

/** When ARM gave no Retry-After of its own: long enough for a throttling window or a blip to pass. */
const DEFAULT_RETRY_AFTER_SECONDS = 30;

interface Mapped {
  status: number;
  code: ApiErrorCode;
  message: string;
  retryAfterSeconds?: number;
}

/**
 * What a client should hear when a route could not finish: the failure is ours or Azure's, never the caller's, so
 * it is a 5xx — 503 with Retry-After when waiting helps (throttling, an unreachable ARM or Durable backend), 502 when
 * ARM refused us (missing role, a conflict), 500 otherwise. ARM's message is kept (it names the resource and the
 * rule); an unexpected error's message is not (it may carry internals): the invocation ID finds it in the log.
 */
export function mapRouteError(error: unknown, invocationId: string): Mapped {
  const message = error instanceof Error ? error.message : String(error);
  const store = storeFailure(error, message);
  if (store !== null) return store;
  switch (errorCodeOf(error)) {
    case 'THROTTLED': {
      const hinted = error instanceof PortError ? error.retryAfterSeconds : undefined;
      return { status: 503, code: 'ARM_THROTTLED', message: `Azure Resource Manager is throttling the app: ${message}`, retryAfterSeconds: hinted ?? DEFAULT_RETRY_AFTER_SECONDS };
    }
    case 'ARM_UNAVAILABLE': {
      const hinted = error instanceof PortError ? error.retryAfterSeconds : undefined;
      return { status: 503, code: 'ARM_UNAVAILABLE', message: `Azure Resource Manager did not answer: ${message}`, retryAfterSeconds: hinted ?? DEFAULT_RETRY_AFTER_SECONDS };
    }
    case undefined:
      if (/^DurableClient error|ECONNREFUSED|ECONNRESET|socket hang up/i.test(message)) {
        return { status: 503, code: 'DURABLE_UNAVAILABLE', message: `the Durable Functions backend did not answer (invocation ${invocationId})`, retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS };
      }
      return { status: 500, code: 'INTERNAL', message: `unexpected error; the function log has it under invocation ${invocationId}` };
    default:
      return { status: 502, code: 'ARM_ERROR', message: `Azure Resource Manager refused a request: ${message}` };
  }
}

/**
 * The run store (Table storage) fails through the same port error codes as ARM; its messages lead with `run store:`,
 * so the answer names the store, not ARM (docs/http-api.md#when-azure-fails).
 */
function storeFailure(error: unknown, message: string): Mapped | null {
  if (!/^[A-Z_]+: run store:/.test(message)) return null;
  const code = errorCodeOf(error);
  if (code === 'ARM_UNAVAILABLE' || code === 'THROTTLED' || code === 'UNEXPECTED') {
    return { status: 503, code: 'RUN_STORE_UNAVAILABLE', message: `the run store (Table storage) did not answer: ${message}`, retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS };
  }
  return { status: 502, code: 'RUN_STORE_ERROR', message: `the run store (Table storage) refused a request: ${message}` };
}

/** The error body (docs/http-api.md#errors) for a mapped failure, with Retry-After where waiting helps. */
export function routeErrorResponse(mapped: Mapped): HttpResponse {
  const body: ApiErrorBody = { error: { code: mapped.code, message: mapped.message, details: [] } };
  const headers: Record<string, string> = mapped.retryAfterSeconds === undefined ? {} : { 'retry-after': String(Math.ceil(mapped.retryAfterSeconds)) };
  return new HttpResponse({ status: mapped.status, jsonBody: body, headers });
}

/**
 * Every HTTP route goes through this: a thrown error (an ARM port failure, the durable client, a bug) becomes the
 * docs/http-api.md#errors error shape instead of the host's bare 500 with an empty body, and is logged once with its cause.
 */
export function withApiErrors(handler: (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit | HttpResponse>): HttpHandler {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      const mapped = mapRouteError(error, context.invocationId);
      // One quoted line: ARM's message may carry request values, and a stack's own newlines would read as log lines.
      context.error(`${context.functionName}: answered ${mapped.status} ${mapped.code}: ${quoted(error instanceof Error ? (error.stack ?? error.message) : error, 4000)}`);
      return routeErrorResponse(mapped);
    }
  };
}
