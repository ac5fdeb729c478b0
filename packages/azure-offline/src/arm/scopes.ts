/** Scope arithmetic for RBAC: ARM scopes are resource IDs, and a scope covers everything whose ID extends it. */
export function normalizeScope(scope: string): string {
  const collapsed = ('/' + scope).replace(/\/{2,}/g, '/');
  return collapsed.length > 1 && collapsed.endsWith('/') ? collapsed.slice(0, -1) : collapsed;
}

/** True when `outer` is `inner` or one of its ancestors ('/' covers everything). */
export function scopeCovers(outer: string, inner: string): boolean {
  const o = normalizeScope(outer).toLowerCase();
  const i = normalizeScope(inner).toLowerCase();
  return o === '/' || i === o || i.startsWith(o + '/');
}

export function subscriptionOfScope(scope: string): string | undefined {
  return /^\/subscriptions\/([^/]+)/i.exec(normalizeScope(scope))?.[1];
}
