/** Provenance hashing: the recipe and VM-ID hashes tags and instance IDs carry (pure; node:crypto is deterministic). */
import { createHash } from 'node:crypto';
import type { CustomizationStep } from './catalog';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** JSON with object keys sorted at every level, so equal recipes hash equally whatever the YAML key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The `autopilot-recipe-sha256` tag: sha256 over the canonical JSON of the customization steps. */
export function recipeSha256(steps: readonly CustomizationStep[]): string {
  return sha256Hex(canonicalJson(steps));
}

/** First 16 hex of sha256(lower-cased VM ID): the capture instance key and the `autopilot-source-vm` tag. */
export function vmIdHash(vmId: string): string {
  return sha256Hex(vmId.replace(/\/{2,}/g, '/').toLowerCase()).slice(0, 16);
}
