import type { StorageAccountType, TargetRegion } from './catalog';
import { normalizeRegion } from './regions';

export { normalizeRegion } from './regions';

/** One region a version is replicated to today, as ARM reports it (storage type as a plain string). */
export interface CurrentRegion {
  name: string;
  replicas: number;
  storageAccountType: string;
}

export interface ReplicationPlan {
  /** True when a PATCH is needed (regions added or removed, replica counts changed). */
  changed: boolean;
  add: TargetRegion[];
  /** Names as ARM reported them. */
  remove: string[];
  replicaChanges: { region: string; from: number; to: number }[];
  /** Azure cannot change a version's storage type: reported for people, never attempted. */
  notUpdatable: { region: string; field: 'storageAccountType'; from: string; to: StorageAccountType }[];
  /**
   * The complete target region list to PATCH: the desired regions in the desired order, each existing one
   * with its current storage type (sending a different one would fail the whole update).
   */
  targetRegions: TargetRegion[];
}

const STORAGE_ACCOUNT_TYPES: readonly string[] = ['Standard_LRS', 'Standard_ZRS', 'Premium_LRS', 'PremiumV2_LRS'] satisfies StorageAccountType[];

function isStorageAccountType(value: string): value is StorageAccountType {
  return STORAGE_ACCOUNT_TYPES.includes(value);
}

function indexRegions<T extends { name: string }>(what: string, regions: readonly T[]): Map<string, T> {
  const byName = new Map<string, T>();
  regions.forEach((region, i) => {
    const key = normalizeRegion(region.name);
    if (key.length === 0) throw new RangeError(`${what}[${i}].name: must not be empty`);
    if (byName.has(key)) throw new RangeError(`${what}[${i}].name: region ${JSON.stringify(region.name)} is listed twice`);
    byName.set(key, region);
  });
  return byName;
}

/**
 * What to change so a version replicates to `desired` (the catalog's target regions) given `current`
 * (its publishing profile). Regions compare with normalizeRegion. Storage type differences on existing
 * regions go to `notUpdatable` and alone do not make `changed` true. With `sourceRegion` (the gallery's
 * region, where the version was created) a desired set without it is refused.
 */
export function planReplication(
  desired: readonly TargetRegion[],
  current: readonly CurrentRegion[],
  options: { sourceRegion?: string } = {},
): ReplicationPlan {
  desired.forEach((region, i) => {
    if (!Number.isSafeInteger(region.replicas) || region.replicas < 1 || region.replicas > 100) {
      throw new RangeError(`desired[${i}].replicas: must be an integer 1..100, got ${region.replicas}`);
    }
  });
  const wanted = indexRegions('desired', desired);
  const have = indexRegions('current', current);
  // Azure refuses a version whose target regions leave out its source region; say so before the PATCH does.
  if (options.sourceRegion !== undefined && !wanted.has(normalizeRegion(options.sourceRegion))) {
    throw new RangeError(`desired: must include the source region ${JSON.stringify(options.sourceRegion)}`);
  }

  const add: TargetRegion[] = [];
  const replicaChanges: ReplicationPlan['replicaChanges'] = [];
  const notUpdatable: ReplicationPlan['notUpdatable'] = [];
  const targetRegions: TargetRegion[] = [];

  for (const [key, region] of wanted) {
    const existing = have.get(key);
    if (!existing) {
      add.push({ ...region });
      targetRegions.push({ ...region });
      continue;
    }
    if (existing.replicas !== region.replicas) {
      replicaChanges.push({ region: region.name, from: existing.replicas, to: region.replicas });
    }
    if (existing.storageAccountType.toLowerCase() !== region.storageAccountType.toLowerCase()) {
      notUpdatable.push({ region: region.name, field: 'storageAccountType', from: existing.storageAccountType, to: region.storageAccountType });
    }
    // Keep the current storage type: the PATCH must not ask for a change Azure refuses.
    const kept = isStorageAccountType(existing.storageAccountType) ? existing.storageAccountType : region.storageAccountType;
    targetRegions.push({ name: region.name, replicas: region.replicas, storageAccountType: kept });
  }

  const remove = [...have].filter(([key]) => !wanted.has(key)).map(([, region]) => region.name);
  const changed = add.length > 0 || remove.length > 0 || replicaChanges.length > 0;
  return { changed, add, remove, replicaChanges, notUpdatable, targetRegions };
}
