/**
 * Route table matching: patterns are written the way the REST specs write paths (`/subscriptions/{subscriptionId}/…`)
 * and matched case-insensitively, because ARM treats provider namespaces, types and names that way.
 */
import { ArmError } from './armError';
import type { Handler } from './context';

export type RequestKind = 'read' | 'write' | 'delete' | 'action' | 'poll';

export interface MethodSpec {
  handler: Handler;
  kind: RequestKind;
  /** The RBAC action ARM checks, e.g. Microsoft.Compute/virtualMachines/deallocate/action. */
  action: string;
}

export interface Route {
  pattern: string;
  methods: Partial<Record<string, MethodSpec>>;
  /** The resource ID the request acts on (for lists: the parent scope), for the request log. */
  scope: (path: string, params: Record<string, string>) => string;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.pattern
      .split('/')
      .map((segment) => {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (param?.[1]) {
          names.push(param[1]);
          return '([^/]+)';
        }
        // `{scope*}` matches any prefix of segments (role assignments and definitions live under any scope).
        const rest = /^\{(\w+)\*\}$/.exec(segment);
        if (rest?.[1]) {
          names.push(rest[1]);
          return '(.*?)';
        }
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    return { ...route, regex: new RegExp(`^${source}$`, 'i'), names };
  });
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export function matchRoute(routes: CompiledRoute[], path: string): RouteMatch | undefined {
  for (const route of routes) {
    const m = route.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => {
      params[name] = decodeSegment(m[i + 1] ?? '');
    });
    return { route, params };
  }
  return undefined;
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new ArmError(400, 'InvalidRequestUri', `The request URI segment '${raw}' is not valid percent-encoding.`);
  }
}

/** ARM tolerates `//subscriptions/…` (the roleAssignments client sends it) and trailing slashes. */
export function normalizePath(pathname: string): string {
  const collapsed = pathname.replace(/\/{2,}/g, '/');
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed;
}

/** The request's own resource ID. */
export const selfScope = (path: string) => path;

/** A collection's owner: drop the collection segment and a bare `/providers/{namespace}` left behind. */
export function parentScope(path: string): string {
  const parent = path.replace(/\/[^/]+$/, '');
  return parent.replace(/\/providers\/[^/]+$/i, '') || '/';
}
