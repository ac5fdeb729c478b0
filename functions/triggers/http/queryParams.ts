import type { HttpRequest, HttpResponse } from '@azure/functions';
import { validationFailed } from './errorResponse';

export type QueryParams = { ok: true; params: Record<string, string | undefined> } | { ok: false; response: HttpResponse };

/**
 * The query as the client sent it, each parameter at most once. Read from the URL, not `request.query`: the host
 * joins a repeated key's values with ',' there, so `?kind=build&kind=build` would reach a route as "build,build" and
 * be refused for a value nobody sent. A repeat is refused (400 naming the parameter): which one counts is the
 * reader's guess otherwise.
 */
export function readQueryParams(request: HttpRequest): QueryParams {
  const search = new URL(request.url).searchParams;
  const params: Record<string, string> = {};
  for (const key of new Set(search.keys())) {
    const all = search.getAll(key);
    if (all.length > 1) {
      const shown = JSON.stringify(key.slice(0, 50));
      return { ok: false, response: validationFailed(`query parameter ${shown} is given more than once`, [{ path: key.slice(0, 50), message: 'must be given at most once' }]) };
    }
    params[key] = all[0] ?? '';
  }
  return { ok: true, params };
}

/** The Functions key parameter (`authLevel: function` routes, AUTH_MODE=keys): every route accepts it. */
export const FUNCTION_KEY_PARAM = 'code';

/**
 * 400 VALIDATION_FAILED naming the first query parameter the route does not take, or null. A misspelt parameter
 * (`?dryrun=false`, `?imgae=x`) would otherwise be ignored and the default answered as if it were what was asked.
 */
export function refuseUnknownQueryParams(request: HttpRequest, accepted: readonly string[]): HttpResponse | null {
  for (const key of new URL(request.url).searchParams.keys()) {
    if (key === FUNCTION_KEY_PARAM || accepted.includes(key)) continue;
    const name = key.slice(0, 50);
    const takes = accepted.length === 0 ? 'takes no query parameters' : `takes only ${accepted.join(', ')}`;
    const message = `is not a query parameter of this route (it ${takes})`;
    return validationFailed(`query parameter ${JSON.stringify(name)} ${message}`, [{ path: name, message }]);
  }
  return null;
}
