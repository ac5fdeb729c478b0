/**
 * Instance IDs of docs/architecture.md#instance-ids: lower-case, ≤ 100 characters, none of `/ \ # ?` (they end up in
 * status URLs and storage keys).
 */
export const MAX_INSTANCE_ID_LENGTH = 100;

export class InstanceIdError extends Error {
  override readonly name = 'InstanceIdError';
}

export function validateInstanceId(id: string): string {
  if (id.length === 0 || id.length > MAX_INSTANCE_ID_LENGTH) {
    throw new InstanceIdError(`INVALID_INSTANCE_ID: instance ID must be 1..${MAX_INSTANCE_ID_LENGTH} characters, got ${id.length}`);
  }
  if (id !== id.toLowerCase()) throw new InstanceIdError(`INVALID_INSTANCE_ID: instance ID ${JSON.stringify(id)} must be lower-case`);
  const bad = /[/\\#?]/.exec(id);
  if (bad) throw new InstanceIdError(`INVALID_INSTANCE_ID: instance ID ${JSON.stringify(id)} must not contain ${JSON.stringify(bad[0])}`);
  // Control characters would survive the checks above but break the status URLs built from the ID.
  if ([...id].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) throw new InstanceIdError('INVALID_INSTANCE_ID: instance ID must not contain control characters');
  return id;
}

// Run IDs (shared/domain/runs/runIds.ts) are the instance IDs of every run; they pass validateInstanceId.

/** Build IDs: first 8 hex of a replay-safe GUID; they name temporary resources (`iab<build id>`). */
export function buildIdFromGuid(guid: string): string {
  const hex = guid.replace(/-/g, '').toLowerCase().slice(0, 8);
  if (!/^[0-9a-f]{8}$/.test(hex)) throw new InstanceIdError(`INVALID_BUILD_ID: not a GUID: ${JSON.stringify(guid)}`);
  return hex;
}

export function buildVmName(buildId: string): string {
  return `iab${buildId}`;
}
