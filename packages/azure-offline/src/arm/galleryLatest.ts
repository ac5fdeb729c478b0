/**
 * Which version a definition's `latest` serves in a region, as Azure decides it: the highest version not excluded
 * from latest (a regional `excludeFromLatest` wins over the global one) whose replication there has completed.
 */
import { compareVersionNames } from './nameRules';
import { normalizeRegion } from './regions';
import { regionState } from './replication';
import type { RegionReplication } from './state';

export interface VersionFacts {
  name: string;
  excludeFromLatest: boolean;
  /** Regional overrides, keyed by normalized region. */
  regionalExclude: Record<string, boolean>;
  replication: RegionReplication[];
}

export function servesRegion(version: VersionFacts, region: string, now: number): boolean {
  const entry = version.replication.find((r) => r.region === normalizeRegion(region));
  return entry !== undefined && regionState(entry, now).state === 'Completed';
}

export function latestIn(versions: VersionFacts[], region: string, now: number): VersionFacts | undefined {
  const wanted = normalizeRegion(region);
  return versions
    .filter((v) => !(v.regionalExclude[wanted] ?? v.excludeFromLatest))
    .filter((v) => servesRegion(v, wanted, now))
    .sort((a, b) => compareVersionNames(b.name, a.name))[0];
}
