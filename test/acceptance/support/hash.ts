import { createHash } from 'node:crypto';

/** DESIGN.md §3/§7: first 16 hex of sha256 of the lower-cased VM resource ID (capture instance ID and version tag). */
export function vmHash(vmId: string): string {
  return createHash('sha256').update(vmId.toLowerCase()).digest('hex').slice(0, 16);
}
