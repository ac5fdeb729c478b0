import type { TargetRegion } from './catalog';
import { planReplication, type CurrentRegion, type ReplicationPlan } from './replicationPlan';
import { compareVersions } from './versions';

/**
 * Versions of one image that are replicated to the same regions. Most versions of an image share one list, so the
 * scheduled run reads them grouped: its history stays small however many versions an image keeps.
 */
export interface VersionRegionGroup {
  versions: string[];
  targetRegions: CurrentRegion[];
}

/**
 * At most this many versions of one image get a PATCH of their target regions per scheduled run (the latest first,
 * then the others newest first). Like prune's `maxDeletionsPerRun`: a region added to an image with many live versions
 * spreads its replication over a few runs instead of starting dozens of replications at once; the rest are reported
 * as deferred and taken by the next runs.
 */
export const RECONCILE_VERSIONS_PER_RUN = 5;

export interface VersionReplicationPlan {
  version: string;
  plan: ReplicationPlan;
}

export interface ImageReplicationPlan {
  /** The latest version's plan when it differs in any way (a storage type difference alone is reported, not sent). */
  latest: VersionReplicationPlan | null;
  /** The versions to update this run, each with a changed plan: the latest first, then the others newest first. */
  versions: VersionReplicationPlan[];
  /** Versions that need an update too but are over the bound, newest first: a later run takes them. */
  deferred: string[];
}

/**
 * What to change so every live version replicates where the catalog says: the latest version and the `others` (the
 * caller passes only versions that are not deprecated — prune is retiring those — and not failed). Pure; regions
 * compare as in planReplication, which also refuses a desired list without `sourceRegion`.
 */
export function planImageReplication(
  desired: readonly TargetRegion[],
  latest: { version: string; targetRegions: readonly CurrentRegion[] } | null,
  others: readonly VersionRegionGroup[],
  options: { sourceRegion?: string; limit?: number } = {},
): ImageReplicationPlan {
  const limit = options.limit ?? RECONCILE_VERSIONS_PER_RUN;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit: must be an integer >= 1, got ${limit}`);
  const replication = options.sourceRegion === undefined ? {} : { sourceRegion: options.sourceRegion };

  const latestPlan = latest === null ? null : planReplication(desired, latest.targetRegions, replication);
  const latestItem = latest !== null && latestPlan !== null && (latestPlan.changed || latestPlan.notUpdatable.length > 0) ? { version: latest.version, plan: latestPlan } : null;

  const due: VersionReplicationPlan[] = [];
  for (const group of others) {
    const plan = planReplication(desired, group.targetRegions, replication);
    if (!plan.changed) continue;
    for (const version of group.versions) if (version !== latest?.version) due.push({ version, plan });
  }
  due.sort((a, b) => compareVersions(b.version, a.version));

  const first = latestItem !== null && latestItem.plan.changed ? [latestItem] : [];
  const room = limit - first.length;
  return { latest: latestItem, versions: [...first, ...due.slice(0, room)], deferred: due.slice(room).map((d) => d.version) };
}
