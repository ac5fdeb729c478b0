import type { RegisteredFunction } from './ports';
import { compareRoutePrecedence, parseRouteTemplate, type RouteTemplate } from './routeTemplate';
import { triggerBinding } from './toRegisteredFunction';

export interface HttpRoute {
  fn: RegisteredFunction;
  route: RouteTemplate;
  /** Upper-case; undefined accepts every method (an httpTrigger registered without `methods`). */
  methods?: string[];
}

export type RouteMatch =
  | { kind: 'found'; fn: RegisteredFunction; params: Record<string, string> }
  | { kind: 'methodNotAllowed'; allowed: string[] }
  | { kind: 'notFound' };

export interface HttpRouter {
  routes: readonly HttpRoute[];
  /** Routes that can never be reached because an earlier one takes the same requests (the first one wins). */
  warnings: readonly string[];
  match(method: string, path: string): RouteMatch;
}

function methodsOf(fn: RegisteredFunction): string[] | undefined {
  const methods = triggerBinding(fn).methods;
  if (methods === undefined || methods === null) return undefined;
  if (!Array.isArray(methods) || !methods.every((m) => typeof m === 'string')) {
    throw new Error(`function '${fn.name}': httpTrigger option 'methods' must be an array of strings`);
  }
  return methods.length === 0 ? undefined : methods.map((m) => m.toUpperCase());
}

/** Builds the HTTP routing table from every httpTrigger; a bad template fails start-up naming the function. */
export function createHttpRouter(functions: readonly RegisteredFunction[]): HttpRouter {
  const routes: HttpRoute[] = [];
  for (const fn of functions) {
    if (fn.triggerType.toLowerCase() !== 'httptrigger') continue;
    const option = triggerBinding(fn).route;
    if (option !== undefined && option !== null && typeof option !== 'string') {
      throw new Error(`function '${fn.name}': httpTrigger option 'route' must be a string`);
    }
    let route: RouteTemplate;
    try {
      route = parseRouteTemplate(typeof option === 'string' && option.trim() !== '' ? option : fn.name);
    } catch (error) {
      throw new Error(`function '${fn.name}': ${(error as Error).message}`);
    }
    routes.push({ fn, route, methods: methodsOf(fn) });
  }
  routes.sort((a, b) => compareRoutePrecedence(a.route, b.route));
  const warnings = ambiguities(routes);

  return {
    routes,
    warnings,
    match(method, path) {
      const allowed = new Set<string>();
      for (const candidate of routes) {
        const params = candidate.route.match(path);
        if (!params) continue;
        if (!candidate.methods || candidate.methods.includes(method.toUpperCase())) return { kind: 'found', fn: candidate.fn, params };
        candidate.methods.forEach((m) => allowed.add(m));
      }
      return allowed.size > 0 ? { kind: 'methodNotAllowed', allowed: [...allowed] } : { kind: 'notFound' };
    },
  };
}

/** Same template up to parameter names, e.g. `items/{id:int}` and `Items/{n:int}`. */
function templateShape(route: RouteTemplate): string {
  return route.template.toLowerCase().replace(/\{(\*?)[a-z_][a-z0-9_]*/g, '{$1');
}

function ambiguities(routes: readonly HttpRoute[]): string[] {
  const warnings: string[] = [];
  routes.forEach((later, index) => {
    for (const earlier of routes.slice(0, index)) {
      if (templateShape(earlier.route) !== templateShape(later.route)) continue;
      const shared = !earlier.methods || !later.methods ? (later.methods ?? earlier.methods ?? ['every method']) : later.methods.filter((m) => earlier.methods?.includes(m));
      if (shared.length === 0) continue;
      warnings.push(`functions '${earlier.fn.name}' and '${later.fn.name}' both serve ${shared.join(', ')} ${later.route.template}: '${earlier.fn.name}' wins`);
    }
  });
  return warnings;
}
