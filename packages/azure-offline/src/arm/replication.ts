/**
 * Replication as a pure function of the clock: each target region gets a slot [startAt, endAt) and its state and
 * progress follow from `now`. The source region replicates during provisioning; the others follow one after another,
 * so a test can watch the summary fill region by region by advancing the clock.
 */
import { regionDisplayName } from './regionDisplayNames';
import { normalizeRegion } from './regions';
import type { RegionReplication } from './state';

export type RegionState = 'Replicating' | 'Completed' | 'Failed';
export type AggregatedState = 'Unknown' | 'InProgress' | 'Completed' | 'Failed';

export interface RegionSummary {
  region: string;
  state: RegionState;
  progress: number;
  details?: string;
}

export interface ReplicationStatus {
  aggregatedState: AggregatedState;
  summary: RegionSummary[];
}

export interface ReplicationTiming {
  now: number;
  homeRegion: string;
  provisioningSeconds: number;
  secondsPerRegion: number;
  failRegions: string[];
}

/** One region's line of the summary; ARM names the region by its display name there (`West Europe`). */
export function regionState(entry: RegionReplication, now: number): RegionSummary {
  const region = regionDisplayName(entry.region);
  if (now >= entry.endAt) {
    return entry.failed
      ? { region, state: 'Failed', progress: 0, details: `Replication to region '${region}' failed. Update the version to retry.` }
      : { region, state: 'Completed', progress: 100 };
  }
  const span = Math.max(1, entry.endAt - entry.startAt);
  const progress = now <= entry.startAt ? 0 : Math.min(99, Math.floor(((now - entry.startAt) / span) * 100));
  return { region, state: 'Replicating', progress };
}

export function replicationStatus(entries: RegionReplication[], now: number): ReplicationStatus {
  const summary = entries.map((e) => regionState(e, now));
  let aggregatedState: AggregatedState = 'Completed';
  if (summary.length === 0) aggregatedState = 'Unknown';
  else if (summary.some((s) => s.state === 'Failed')) aggregatedState = 'Failed';
  else if (summary.some((s) => s.state === 'Replicating')) aggregatedState = 'InProgress';
  return { aggregatedState, summary };
}

/** Slots for a new version: the source region finishes with provisioning, the rest follow in the given order. */
export function planInitialReplication(targetRegions: string[], timing: ReplicationTiming): RegionReplication[] {
  const home = normalizeRegion(timing.homeRegion);
  const provisionedAt = timing.now + timing.provisioningSeconds * 1000;
  const entries: RegionReplication[] = [{ region: home, startAt: timing.now, endAt: provisionedAt, failed: isFailing(home, timing) }];
  let cursor = provisionedAt;
  for (const region of unique(targetRegions).filter((r) => r !== home)) {
    const endAt = cursor + timing.secondsPerRegion * 1000;
    entries.push({ region, startAt: cursor, endAt, failed: isFailing(region, timing) });
    cursor = endAt;
  }
  return entries;
}

/**
 * Slots after an update: kept regions keep their slot unless they failed (a failed region is retried), removed ones
 * go, new and retried ones queue after the last slot still running.
 */
export function planUpdatedReplication(current: RegionReplication[], targetRegions: string[], timing: ReplicationTiming): RegionReplication[] {
  const wanted = unique(targetRegions);
  const kept = current.filter((e) => wanted.includes(e.region) && !(e.failed && timing.now >= e.endAt));
  const keptNames = new Set(kept.map((e) => e.region));
  let cursor = Math.max(timing.now, ...kept.map((e) => e.endAt));
  const added: RegionReplication[] = [];
  for (const region of wanted.filter((r) => !keptNames.has(r))) {
    const endAt = cursor + timing.secondsPerRegion * 1000;
    added.push({ region, startAt: cursor, endAt, failed: isFailing(region, timing) });
    cursor = endAt;
  }
  const order = new Map(wanted.map((r, i) => [r, i]));
  return [...kept, ...added].sort((a, b) => (order.get(a.region) ?? 0) - (order.get(b.region) ?? 0));
}

function unique(regions: string[]): string[] {
  return [...new Set(regions.map(normalizeRegion))];
}

function isFailing(region: string, timing: ReplicationTiming): boolean {
  return timing.failRegions.some((r) => normalizeRegion(r) === region);
}
