import { normalizeRegion, sameRegion } from './regions';
import { parseVersion, type VersionNumber } from './versions';

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

/** What deciding `latest` without a region needs to know of a version. */
export type GloballyServingFacts = Pick<GalleryVersionView, 'name' | 'provisioningState' | 'excludeFromLatest'>;

function servesGlobally(v: GloballyServingFacts): boolean {
  return v.provisioningState.toLowerCase() === 'succeeded' && !v.excludeFromLatest;
}

/**
 * A version serves `latest` in a region when it is provisioned, its replica there has Completed (one still
 * replicating or failed serves nothing) and it is not excluded there. The regional flag, when set, wins over
 * the version-wide one (docs/architecture.md#latest).
 */
export function servesLatestIn(v: GalleryVersionView, region: string): boolean {
  if (!SERVING_PROVISIONING_STATES.has(v.provisioningState.toLowerCase())) return false;
  const replica = v.regions.find((r) => sameRegion(r.region, region));
  if (!replica || replica.state !== 'Completed') return false;
  const excluded = replica.excludeFromLatest ?? v.excludeFromLatest;
  return !excluded;
}

// Parses each name once: with 10,000 versions, re-parsing inside comparisons dominated the planner's time.
function highest<V extends { name: string }>(versions: readonly V[], eligible: (v: V) => boolean): V | null {
  let best: V | null = null;
  let bestNumber: VersionNumber | null = null;
  for (const v of versions) {
    const parsed = parseVersion(v.name);
    // An unparsable name can never be `latest`: Azure only orders Major.Minor.Patch names.
    if (parsed === null || !eligible(v)) continue;
    if (best === null || bestNumber === null || isHigher(parsed, v.name, bestNumber, best.name)) {
      best = v;
      bestNumber = parsed;
    }
  }
  return best;
}

// compareVersions' order on already parsed names (numbers first, then the text for `1.0.1` vs `1.0.01`).
function isHigher(a: VersionNumber, aName: string, b: VersionNumber, bName: string): boolean {
  const d = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  return d !== 0 ? d > 0 : aName > bName;
}

/**
 * The version `latest` resolves to. With a region: per servesLatestIn. Without: the highest version not
 * excluded version-wide whose provisioning succeeded (what `GET /api/images` shows as latestVersion).
 * Null when nothing qualifies.
 */
export function latestVersion(versions: readonly GalleryVersionView[], region?: string): string | null {
  if (region === undefined) return latestServing(versions)?.name ?? null;
  return highest(versions, (v) => servesLatestIn(v, region))?.name ?? null;
}

/** The version `latest` resolves to without a region (latestVersion's rule), for any view that has the facts it needs. */
export function latestServing<V extends GloballyServingFacts>(versions: readonly V[]): V | null {
  return highest(versions, servesGlobally);
}

/**
 * `latest` for every region any version is replicated to, keyed by the normalized region name
 * (lower-case, no spaces). A region where nothing qualifies maps to null.
 */
export function latestByRegion(versions: readonly GalleryVersionView[]): Record<string, string | null> {
  const best = new Map<string, { name: string; parsed: VersionNumber } | null>();
  for (const v of versions) {
    const parsed = parseVersion(v.name);
    const provisioned = SERVING_PROVISIONING_STATES.has(v.provisioningState.toLowerCase());
    for (const r of v.regions) {
      const key = normalizeRegion(r.region);
      const current = best.get(key) ?? null;
      if (!best.has(key)) best.set(key, null);
      if (parsed === null || !provisioned || r.state !== 'Completed' || (r.excludeFromLatest ?? v.excludeFromLatest)) continue;
      if (current === null || isHigher(parsed, v.name, current.parsed, current.name)) best.set(key, { name: v.name, parsed });
    }
  }
  const out: Record<string, string | null> = {};
  for (const key of [...best.keys()].sort()) out[key] = best.get(key)?.name ?? null;
  return out;
}
