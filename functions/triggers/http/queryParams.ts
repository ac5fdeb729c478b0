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
