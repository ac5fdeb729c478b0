import type { ImageVersionView } from '../contracts';

export interface ReplicationProgress {
  /** Provisioning finished and every target region is Completed or Failed. */
  settled: boolean;
  provisioningFailed: boolean;
  completed: string[];
  failed: string[];
  pending: string[];
}

/**
 * Where a version's replication stands against the regions we asked for. A region missing from the summary is
 * pending: ARM adds regions to the summary as it starts them.
 */
export function replicationProgress(view: ImageVersionView, targetRegions: readonly string[]): ReplicationProgress {
  const provisioningFailed = view.provisioningState === 'Failed';
  const byRegion = new Map(view.replication.regions.map((r) => [r.region.toLowerCase(), r.state]));
  const completed: string[] = [];
  const failed: string[] = [];
  const pending: string[] = [];
  for (const region of targetRegions) {
    const state = byRegion.get(region.toLowerCase()) ?? (view.replication.state === 'Completed' ? 'Completed' : undefined);
    if (state === 'Completed') completed.push(region);
    else if (state === 'Failed') failed.push(region);
    else pending.push(region);
  }
  const settled = provisioningFailed || (view.provisioningState === 'Succeeded' && pending.length === 0);
  return { settled, provisioningFailed, completed, failed, pending };
}

/**
 * How long the next replication read should wait at least, from the pace so far: regions settle at roughly the pace
 * they have settled since the pass started, so the rest needs about `elapsed × pending / settled` more. Nothing
 * settled yet (or everything) says nothing, and the wait never exceeds `maxSeconds` (the longest poll interval), so a
 * wrong guess costs at most one interval of latency, never a missed state.
 */
export function replicationPaceSeconds(progress: ReplicationProgress, elapsedSeconds: number, maxSeconds: number): number | undefined {
  const settled = progress.completed.length + progress.failed.length;
  const pending = progress.pending.length;
  if (settled === 0 || pending === 0 || !(elapsedSeconds > 0)) return undefined;
  return Math.min(maxSeconds, Math.ceil((elapsedSeconds * pending) / settled));
}
