import { ApiError, UnreachableError, type ApiErrorDetail } from './errors';
import type { ApiRequest } from './requests';

export interface ApiAnswer {
  status: number;
  body: unknown;
  text: string;
}

export interface ApiClientOptions {
  baseUrl: string;
  token?: string;
  key?: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

export type ApiClient = (request: ApiRequest) => Promise<ApiAnswer>;

export function urlOf(baseUrl: string, request: ApiRequest): string {
  const url = new URL(baseUrl + request.path);
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
  return url.toString();
}

function errorOf(status: number, body: unknown, text: string): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object' && body.error !== null) {
    const error = body.error as { code?: unknown; message?: unknown; details?: unknown };
    const details = Array.isArray(error.details)
      ? error.details.filter((d): d is ApiErrorDetail => typeof d === 'object' && d !== null && typeof d.path === 'string' && typeof d.message === 'string')
      : [];
    return new ApiError(status, typeof error.code === 'string' ? error.code : `HTTP_${status}`, typeof error.message === 'string' ? error.message : text, details);
  }
  // The host itself answers unknown routes with an empty 404 (docs/http-api.md#errors).
  return new ApiError(status, `HTTP_${status}`, text === '' ? `the host answered ${status} with no body` : text.slice(0, 500), []);
}

/** HTTP only (the CLI never imports the app): JSON in, JSON out, the app's errors thrown as ApiError. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  return async (request) => {
    const url = urlOf(options.baseUrl, request);
    const headers: Record<string, string> = { accept: request.accept ?? 'application/json' };
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    if (options.key !== undefined) headers['x-functions-key'] = options.key;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await options.fetch(url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new UnreachableError(`cannot reach ${options.baseUrl} (${request.method} ${request.path}): ${cause}`);
    }
    let body: unknown = undefined;
    if (text !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        body = undefined;
      }
    }
    if (response.status >= 400) throw errorOf(response.status, body, text);
    if (body === undefined && text !== '') throw new UnreachableError(`${url} answered ${response.status} with something that is not JSON: is ${options.baseUrl} the app?`);
    return { status: response.status, body, text };
  };
}
