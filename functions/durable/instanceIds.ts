/**
 * Instance IDs of docs/architecture.md#instance-ids. They are the deduplication key ("one build per image"), so they are
 * normative: lower-case, ≤ 100 characters, none of `/ \ # ?`.
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

// Image names are case-insensitive in ARM; lower-casing keeps `Foo` and `foo` one instance.
export function buildInstanceId(image: string): string {
  return validateInstanceId(`build-${image.toLowerCase()}`);
}

export function pruneInstanceId(image: string): string {
  return validateInstanceId(`prune-${image.toLowerCase()}`);
}

/** One promote per image at a time: two promotes of its versions would both PATCH and poll the same definition. */
export function promoteInstanceId(image: string): string {
  return validateInstanceId(`promote-${image.toLowerCase()}`);
}

/** `vmIdHash` is the first 16 hex of sha256(lower-cased VM ID), computed by the trigger (hashing is I/O-free but needs node:crypto). */
export function captureInstanceId(vmIdHash: string): string {
  if (!/^[0-9a-f]{16}$/.test(vmIdHash)) {
    throw new InstanceIdError(`INVALID_INSTANCE_ID: capture hash must be 16 lower-case hex characters, got ${JSON.stringify(vmIdHash)}`);
  }
  return validateInstanceId(`capture-${vmIdHash}`);
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function utcStamp(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new InstanceIdError('INVALID_INSTANCE_ID: timestamp is not a valid date');
  return `${pad(at.getUTCFullYear(), 4)}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}`;
}

export function policyScanInstanceId(at: Date): string {
  return validateInstanceId(`policy-scan-${utcStamp(at)}${pad(at.getUTCSeconds())}`);
}

export function rebuildRunInstanceId(at: Date): string {
  return validateInstanceId(`rebuild-run-${utcStamp(at)}`);
}

/** Build IDs: first 8 hex of a replay-safe GUID; they name temporary resources (`iab<build id>`). */
export function buildIdFromGuid(guid: string): string {
  const hex = guid.replace(/-/g, '').toLowerCase().slice(0, 8);
  if (!/^[0-9a-f]{8}$/.test(hex)) throw new InstanceIdError(`INVALID_BUILD_ID: not a GUID: ${JSON.stringify(guid)}`);
  return hex;
}

export function buildVmName(buildId: string): string {
  return `iab${buildId}`;
}
