import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import type { AuthMode } from '../../../shared/config/loadConfig';
import type { RequestedBy } from '../../../shared/domain/runs/runRecord';
import { quoted } from '../../../shared/domain/quoted';
import { apiError } from './errorResponse';
import { decodePrincipal, type Principal } from './principal';

/**
 * The role a route needs. Roles are hierarchical: Admin ⊃ Operator ⊃ Reader (docs/security.md). `Public` is only for
 * content that holds no data (the status page's static assets).
 */
export type RouteRole = 'Reader' | 'Operator' | 'Admin' | 'Public';
export type AppRole = Exclude<RouteRole, 'Public'>;

/** The app roles of the app registration (infra/app-roles.json), lowest first. */
export const APP_ROLES: readonly AppRole[] = ['Reader', 'Operator', 'Admin'];
export const appRoleValue = (role: AppRole): string => `ImageAutopilot.${role}`;

export function hasRole(granted: readonly string[], required: AppRole): boolean {
  const needed = APP_ROLES.indexOf(required);
  return APP_ROLES.some((role, rank) => rank >= needed && granted.includes(appRoleValue(role)));
}

export interface RouteAuth {
  mode: AuthMode;
  /** WEBSITE_AUTH_ENABLED: only with App Service Authentication on does the platform strip client-sent principals. */
  platformAuthEnabled: boolean;
}

/** What a route's spec says about who may call it. */
export interface RouteNeeds {
  role: RouteRole;
  elevated?: { role: AppRole; when: string };
}

export type Authorized = { ok: true; principal?: Principal } | { ok: false; response: HttpResponse };

/** What the route's authorization accepted for each request: the principal, or `keys` (the host checked a function key). */
const authorized = new WeakMap<object, Principal | 'keys'>();

/** The principal the route's authorization accepted for this request; undefined with AUTH_MODE=keys. */
export function requestedByOf(request: HttpRequest): RequestedBy | undefined {
  const principal = authorized.get(request);
  return principal === undefined || principal === 'keys' ? undefined : { name: principal.name, objectId: principal.objectId };
}

/**
 * For a route whose one form needs more than the route's role (prune with dryRun=false needs Admin): null when the
 * caller has it, else the 403 FORBIDDEN naming it, logged like every refusal.
 */
export function requireRole(request: HttpRequest, context: InvocationContext, role: AppRole, what: string): HttpResponse | null {
  const principal = authorized.get(request);
  if (principal === 'keys') return null;
  if (principal !== undefined && hasRole(principal.roles, role)) return null;
  const who = principal === undefined ? 'an unknown caller' : `${quoted(principal.name)} (${quoted(principal.objectId)})`;
  const refused = refuse(context, 403, `${what} needs the app role ${appRoleValue(role)}`, who);
  return refused.ok ? null : refused.response;
}

function refuse(context: InvocationContext, status: 401 | 403, message: string, who: string): Authorized {
  context.warn(`${context.functionName}: refused ${status} ${status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN'} for ${who}: ${quoted(message, 500)}`);
  return { ok: false, response: apiError(status, status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN', message) };
}

/**
 * Decides whether the caller may use a route needing `role` (401 without a principal, 403 naming the missing role) and
 * logs every refusal with the principal and the reason. With AUTH_MODE=keys the host checked the function key.
 */
export function authorize(auth: RouteAuth, route: RouteNeeds, request: HttpRequest, context: InvocationContext): Authorized {
  const role = route.role;
  if (role === 'Public') return { ok: true };
  if (auth.mode === 'keys') {
    authorized.set(request, 'keys');
    return { ok: true };
  }
  if (!auth.platformAuthEnabled) {
    return refuse(context, 401, 'sign-in is required, but App Service Authentication is off (WEBSITE_AUTH_ENABLED), so no principal can be trusted', 'an unknown caller');
  }
  const decoded = decodePrincipal(request.headers);
  if (!decoded.ok) return refuse(context, 401, `sign-in is required: ${decoded.reason}`, 'an unknown caller');
  const principal = decoded.principal;
  const who = `${quoted(principal.name)} (${quoted(principal.objectId)})`;
  if (!hasRole(principal.roles, role)) {
    const more = route.elevated === undefined ? '' : `; ${route.elevated.when} needs ${appRoleValue(route.elevated.role)}`;
    return refuse(context, 403, `${context.functionName} needs the app role ${appRoleValue(role)} (or a higher one)${more}`, who);
  }
  authorized.set(request, principal);
  if (request.method !== 'GET') context.log(`${context.functionName}: requested by ${who}`);
  return { ok: true, principal };
}
