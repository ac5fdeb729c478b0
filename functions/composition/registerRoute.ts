import * as df from 'durable-functions';
import { app as functionsApp, type HttpRequest, type HttpResponse, type InvocationContext } from '@azure/functions';
import { authorize, type RouteAuth, type RouteRole } from '../triggers/http/authorize';
import { refuseUnknownQueryParams } from '../triggers/http/queryParams';
import { withApiErrors } from '../triggers/http/withApiErrors';

export type { RouteRole };

export interface RouteSpec {
  /** The function name: public (docs/http-api.md#function-names), never renamed. */
  name: string;
  route: string;
  method: 'GET' | 'POST';
  /**
   * The app role the route needs (docs/security.md#roles): Reader for reads, Operator for builds, captures, cancel,
   * resume, dry runs and scans, Admin for prune apply, promote and approvals. A GET above Reader states why in `why`.
   */
  role: RouteRole;
  /** Why a GET needs more than Reader (the every-route-has-a-role test asks for one). */
  why?: string;
  /** A higher role one form of the request needs, checked by the handler with `requireRole` (prune apply: Admin). */
  elevated?: { role: 'Admin'; when: string };
  /**
   * The query parameters the route reads (`code`, the function key, is always accepted); any other is refused with
   * 400 before the handler runs. `any`: the status page, a page browsers and links may add parameters to.
   */
  query?: readonly string[] | 'any';
}

/** Every route this process registered, with its role: docs/security.md's table is checked against it. */
export const registeredRoutes: RouteSpec[] = [];

let routeAuth: RouteAuth = { mode: 'entra', platformAuthEnabled: false };

/** Set once by the entry point from the validated settings, before any route is registered. */
export function useRouteAuth(auth: RouteAuth): void {
  routeAuth = auth;
}

type Handler = (request: HttpRequest, context: InvocationContext) => Promise<HttpResponse>;

function options(spec: RouteSpec, handler: Handler) {
  registeredRoutes.push(spec);
  const auth = routeAuth;
  return {
    route: spec.route,
    methods: [spec.method],
    // Entra: the platform authenticates (Easy Auth) and the app authorizes by role; keys: the host checks a function key.
    authLevel: auth.mode === 'keys' && spec.role !== 'Public' ? ('function' as const) : ('anonymous' as const),
    handler: withApiErrors(async (request, context) => {
      const allowed = authorize(auth, spec, request, context);
      if (!allowed.ok) return allowed.response;
      const unknownQuery = spec.query === 'any' ? null : refuseUnknownQueryParams(request, spec.query ?? []);
      return unknownQuery ?? handler(request, context);
    }),
  };
}

/**
 * Every HTTP route is registered here, the same way: under `/api`, authorized by the role of its spec
 * (docs/security.md), refusing query parameters it does not declare, and behind `withApiErrors`, so no error leaves
 * as the host's bare 500.
 */
export function registerRoute(spec: RouteSpec, handler: Handler): void {
  functionsApp.http(spec.name, options(spec, handler));
}

/** A route that reads or starts orchestrations: the same, with the Durable client bound. */
export function registerDurableRoute(
  spec: RouteSpec,
  handler: (request: HttpRequest, client: df.DurableClient, context: InvocationContext) => Promise<HttpResponse>,
): void {
  functionsApp.http(spec.name, {
    ...options(spec, (request, context) => handler(request, df.getClient(context), context)),
    extraInputs: [df.input.durableClient()],
  });
}
