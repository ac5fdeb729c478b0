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
