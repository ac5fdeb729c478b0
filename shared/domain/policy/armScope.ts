/**
 * ARM scopes as the RBAC checks see them. Assignments listed for a subscription include those inherited from
 * management groups and the root, whose hierarchy ARM does not tell us: such scopes are treated as covering the
 * subscription, which is why ARM returned them at all.
 */
export type ScopeKind = 'root' | 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';

export interface ParsedScope {
  kind: ScopeKind;
  /** Lower-cased, single slashes, no trailing slash: the form used for comparisons and finding IDs. */
  normalized: string;
  subscriptionId?: string;
  resourceGroup?: string;
}

const GUIDISH = /^[0-9a-z][0-9a-z-]*$/i;
const NAME = /^[^/]+$/;
const SLASH = 0x2f;

/** Collapses doubled slashes (the roleAssignments client may send `//subscriptions/…`) and lower-cases. */
export function normalizeScope(scope: string): string {
  // Already clean (the usual case: ARM's own IDs): lower-casing is all there is to do, without the regex passes below.
  if (scope !== '' && scope.trim() === scope && !scope.endsWith('/') && !scope.includes('//')) return scope.toLowerCase();
  // Trimming can expose a trailing slash and stripping one can expose whitespace: repeat until nothing changes.
  let current = scope;
  for (let previous = ''; previous !== current; ) {
    previous = current;
    current = current.trim().replace(/\/{2,}/g, '/').replace(/\/+$/, '');
  }
  return (current === '' ? '/' : current).toLowerCase();
}

export function parseScope(scope: unknown): ParsedScope | undefined {
  if (typeof scope !== 'string' || !scope.trim().startsWith('/')) return undefined;
  const normalized = normalizeScope(scope);
  if (normalized === '/') return { kind: 'root', normalized };
  const segments = normalized.slice(1).split('/');
  if (segments.some((segment) => segment === '')) return undefined;

  if (segments[0] === 'providers') {
    if (segments.length === 4 && segments[1] === 'microsoft.management' && segments[2] === 'managementgroups') {
      return { kind: 'managementGroup', normalized };
    }
    return undefined;
  }
  if (segments[0] !== 'subscriptions') return undefined;
  const subscriptionId = segments[1];
  if (subscriptionId === undefined || !GUIDISH.test(subscriptionId)) return undefined;
  if (segments.length === 2) return { kind: 'subscription', normalized, subscriptionId };

  if (segments[2] === 'resourcegroups') {
    const resourceGroup = segments[3];
    if (resourceGroup === undefined || !NAME.test(resourceGroup)) return undefined;
    if (segments.length === 4) return { kind: 'resourceGroup', normalized, subscriptionId, resourceGroup };
    return isProviderPath(segments.slice(4)) ? { kind: 'resource', normalized, subscriptionId, resourceGroup } : undefined;
  }
  return isProviderPath(segments.slice(2)) ? { kind: 'resource', normalized, subscriptionId } : undefined;
}

/** `providers/<Namespace>/<type>/<name>[/<type>/<name>…]` */
function isProviderPath(segments: readonly string[]): boolean {
  return segments[0] === 'providers' && segments.length >= 4 && segments.length % 2 === 0;
}

/** True when an assignment at `outer` applies to `inner` (same scope or an ancestor of it). */
export function scopeCovers(outer: ParsedScope, inner: ParsedScope): boolean {
  if (outer.kind === 'root') return true;
  if (outer.kind === 'managementGroup') return inner.kind !== 'root' && (inner.kind !== 'managementGroup' || inner.normalized === outer.normalized);
  // Both sides are normalized already (lower-cased, single slashes, no trailing slash): compare them as they are.
  // Checked character by character rather than against `${outer}/`: this runs per assignment, and the template would
  // allocate a string each time.
  const o = outer.normalized;
  const i = inner.normalized;
  return i === o || (i.length > o.length && i.charCodeAt(o.length) === SLASH && i.startsWith(o));
}

/** Root and management groups sit above every subscription. */
export function isAboveSubscription(scope: ParsedScope): boolean {
  return scope.kind === 'root' || scope.kind === 'managementGroup';
}
