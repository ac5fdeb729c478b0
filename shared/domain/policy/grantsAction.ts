/**
 * Azure RBAC action resolution: `*` matches any run of characters (slashes included) and names compare
 * case-insensitively. Each permission block grants its actions minus its own notActions; a role grants an action
 * when any block does (notActions are not deny rules: another block may still grant it).
 */

export interface PermissionBlock {
  actions: readonly string[];
  notActions: readonly string[];
}

export function actionMatches(pattern: string, action: string): boolean {
  const p = pattern.toLowerCase();
  const a = action.toLowerCase();
  if (!p.includes('*')) return p === a;
  const parts = p.split('*');
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (!a.startsWith(first) || a.length < first.length + last.length || !a.endsWith(last)) return false;
  // Greedy left-to-right placement of the middle parts is complete for `*`-only globs.
  let cursor = first.length;
  const end = a.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = a.indexOf(middle, cursor);
    if (found === -1 || found + middle.length > end) return false;
    cursor = found + middle.length;
  }
  return true;
}

export function grantsAction(permissions: readonly PermissionBlock[], action: string): boolean {
  return permissions.some(
    (block) =>
      block.actions.some((pattern) => actionMatches(pattern, action)) &&
      !block.notActions.some((pattern) => actionMatches(pattern, action)),
  );
}
