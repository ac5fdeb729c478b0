import { normalizeRegion, sameRegion } from './regions';
import { compareVersions, parseVersion } from './versions';

export type ReplicaStateName = 'Unknown' | 'InProgress' | 'Completed' | 'Failed';

/** One region of a version: its replication state and its regional excludeFromLatest, when set. */
export interface VersionReplicaState {
  region: string;
  state: ReplicaStateName;
  /** Undefined = not set for the region: the version-wide flag applies. */
  excludeFromLatest?: boolean;
}

/** What the domain needs to know about one gallery image version (a compact view of the ARM model). */
export interface GalleryVersionView {
  name: string;
  /** ISO 8601. */
  publishedDate: string | null;
  excludeFromLatest: boolean;
  /** ISO 8601. */
  endOfLifeDate: string | null;
  provisioningState: string;
  tags: Record<string, string>;
  regions: VersionReplicaState[];
  blockDeletionBeforeEndOfLife: boolean;
}

/**
 * Provisioning states in which a version exists and serves its completed regions: `Updating` is what a
 * version shows while regions are added or replica counts change, and it keeps serving meanwhile.
 */
const SERVING_PROVISIONING_STATES = new Set(['succeeded', 'updating']);

function servesGlobally(v: GalleryVersionView): boolean {
  return v.provisioningState.toLowerCase() === 'succeeded' && !v.excludeFromLatest;
}

/**
 * A version serves `latest` in a region when it is provisioned, its replica there has Completed (one still
 * replicating or failed serves nothing) and it is not excluded there. The regional flag, when set, wins over
 * the version-wide one (DESIGN.md §6).
 */
export function servesLatestIn(v: GalleryVersionView, region: string): boolean {
  if (!SERVING_PROVISIONING_STATES.has(v.provisioningState.toLowerCase())) return false;
  const replica = v.regions.find((r) => sameRegion(r.region, region));
  if (!replica || replica.state !== 'Completed') return false;
  const excluded = replica.excludeFromLatest ?? v.excludeFromLatest;
  return !excluded;
}

function highest(versions: readonly GalleryVersionView[], eligible: (v: GalleryVersionView) => boolean): string | null {
  let best: string | null = null;
  for (const v of versions) {
    // An unparsable name can never be `latest`: Azure only orders Major.Minor.Patch names.
    if (parseVersion(v.name) === null || !eligible(v)) continue;
    if (best === null || compareVersions(v.name, best) > 0) best = v.name;
  }
  return best;
}

/**
 * The version `latest` resolves to. With a region: per servesLatestIn. Without: the highest version not
 * excluded version-wide whose provisioning succeeded (what `GET /api/images` shows as latestVersion).
 * Null when nothing qualifies.
 */
export function latestVersion(versions: readonly GalleryVersionView[], region?: string): string | null {
  if (region === undefined) return highest(versions, servesGlobally);
  return highest(versions, (v) => servesLatestIn(v, region));
}

/**
 * `latest` for every region any version is replicated to, keyed by the normalized region name
 * (lower-case, no spaces). A region where nothing qualifies maps to null.
 */
export function latestByRegion(versions: readonly GalleryVersionView[]): Record<string, string | null> {
  const best = new Map<string, string | null>();
  for (const v of versions) {
    for (const r of v.regions) best.set(normalizeRegion(r.region), best.get(normalizeRegion(r.region)) ?? null);
  }
  const valid = versions.filter((v) => parseVersion(v.name) !== null);
  for (const v of valid) {
    for (const r of v.regions) {
      const key = normalizeRegion(r.region);
      if (!servesLatestIn(v, r.region)) continue;
      const current = best.get(key) ?? null;
      if (current === null || compareVersions(v.name, current) > 0) best.set(key, v.name);
    }
  }
  const out: Record<string, string | null> = {};
  for (const key of [...best.keys()].sort()) out[key] = best.get(key) ?? null;
  return out;
}
