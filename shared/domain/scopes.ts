/**
 * Scope containment for catalog scopes (`/subscriptions/x` or `/subscriptions/x/resourceGroups/y`) and ARM scopes:
 * one rule for captures, usage and the policy checks. IDs and scopes compare ignoring case and repeated slashes.
 */
export function isInScope(id: string, scope: string): boolean {
  const a = id.toLowerCase().replace(/\/{2,}/g, '/').replace(/\/$/, '');
  const s = scope.toLowerCase().replace(/\/{2,}/g, '/').replace(/\/$/, '');
  return a === s || a.startsWith(`${s}/`);
}
