import { createHash } from 'node:crypto';

/** docs/architecture.md#instance-ids and docs/http-api.md#tags: first 16 hex of sha256 of the lower-cased VM resource ID (capture instance ID and version tag). */
export function vmHash(vmId: string): string {
  return createHash('sha256').update(vmId.toLowerCase()).digest('hex').slice(0, 16);
}
