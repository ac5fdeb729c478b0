import { sha256Hex } from '../hashing';

/**
 * The name (a GUID) of the role assignment that gives `principalId` `roleDefinitionGuid` at `scope`. Deterministic, so
 * a PUT retried after a crash is the same assignment, and an assignment with this name is known to be the app's own:
 * reconciliation removes only those, never one made by hand.
 */
export function readerAssignmentName(scope: string, principalId: string, roleDefinitionGuid: string): string {
  const hex = sha256Hex(`image-autopilot-reader|${scope.toLowerCase()}|${principalId.toLowerCase()}|${roleDefinitionGuid.toLowerCase()}`);
  // Version-4 layout (version nibble 4, variant 8-b), which ARM and every GUID parser accept.
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
