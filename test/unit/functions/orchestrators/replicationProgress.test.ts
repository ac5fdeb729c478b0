import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replicationPaceSeconds, replicationProgress, type ReplicationProgress } from '../../../../functions/orchestrators/replicationProgress';
import type { RegionReplicationView } from '../../../../shared/ports/galleryPort';
import { aVersion } from '../../../support/builders';

const regions = ['westeurope', 'northeurope', 'eastus'];
const summary = (...states: RegionReplicationView['state'][]): RegionReplicationView[] =>
  states.map((state, i) => ({ region: regions[i] ?? 'x', state }));

describe('replicationProgress', () => {
  it.each([
    ['still creating', 'Creating', summary('Completed', 'Completed', 'Completed'), false, regions, []],
    ['all completed', 'Succeeded', summary('Completed', 'Completed', 'Completed'), true, regions, []],
    ['one replicating', 'Succeeded', summary('Completed', 'InProgress', 'Completed'), false, ['westeurope', 'eastus'], []],
    ['one failed, rest completed', 'Succeeded', summary('Completed', 'Failed', 'Completed'), true, ['westeurope', 'eastus'], ['northeurope']],
    ['region missing from summary', 'Succeeded', summary('Completed', 'Completed'), false, ['westeurope', 'northeurope'], []],
    ['provisioning failed', 'Failed', summary('Failed', 'Unknown', 'Unknown'), true, [], ['westeurope']],
  ] as const)('%s', (_case, provisioningState, regionStates, settled, completed, failed) => {
    const view = aVersion({ provisioningState, replication: { state: 'InProgress', regions: [...regionStates] } });
    const progress = replicationProgress(view, regions);
    expect(progress.settled).toBe(settled);
    expect(progress.completed).toEqual(completed);
    expect(progress.failed).toEqual(failed);
  });

  it('matches regions case-insensitively and trusts an aggregate Completed without a summary', () => {
    const view = aVersion({ replication: { state: 'Completed', regions: [{ region: 'WestEurope', state: 'Completed' }] } });
    expect(replicationProgress(view, ['westeurope', 'eastus'])).toMatchObject({ settled: true, completed: ['westeurope', 'eastus'] });
  });
});

describe('replicationProgress properties', () => {
  const state = fc.constantFrom<RegionReplicationView['state']>('Unknown', 'InProgress', 'Completed', 'Failed');
  const provisioning = fc.constantFrom('Creating', 'Updating', 'Succeeded', 'Failed');
  const summaryArb = fc.array(fc.tuple(fc.constantFrom(...regions, 'swedencentral'), state), { maxLength: 6 });

  it('partitions the target regions and is settled exactly when nothing is pending after provisioning', () => {
    fc.assert(
      fc.property(provisioning, fc.constantFrom<'Unknown' | 'InProgress' | 'Completed' | 'Failed'>('Unknown', 'InProgress', 'Completed', 'Failed'), summaryArb, (prov, aggregate, entries) => {
        const view = aVersion({ provisioningState: prov, replication: { state: aggregate, regions: entries.map(([region, s]) => ({ region, state: s })) } });
        const p = replicationProgress(view, regions);
        expect([...p.completed, ...p.failed, ...p.pending].sort()).toEqual([...regions].sort());
        expect(p.settled).toBe(prov === 'Failed' || (prov === 'Succeeded' && p.pending.length === 0));
        for (const region of p.failed) expect(entries.some(([r, s]) => r === region && s === 'Failed')).toBe(true);
      }),
    );
  });
});

describe('replicationPaceSeconds', () => {
  const progress = (completed: number, failed: number, pending: number): ReplicationProgress => ({
    settled: pending === 0,
    provisioningFailed: false,
    completed: regions.slice(0, completed),
    failed: Array.from({ length: failed }, (_, i) => `failed-${i}`),
    pending: Array.from({ length: pending }, (_, i) => `pending-${i}`),
  });
  it.each([
    ['nothing settled yet: no pace to go by', progress(0, 0, 3), 60, 300, undefined],
    ['everything settled: nothing to wait for', progress(3, 0, 0), 60, 300, undefined],
    ['1 of 3 settled after 60 s: about 120 s more', progress(1, 0, 2), 60, 300, 120],
    ['2 of 3 settled after 180 s: about 90 s more', progress(2, 0, 1), 180, 300, 90],
    ['a failed region has settled too', progress(1, 1, 1), 100, 300, 50],
    ['never longer than the longest poll interval', progress(1, 0, 2), 600, 300, 300],
    ['rounded up to whole seconds', progress(3, 0, 1), 10, 300, 4],
    ['no time elapsed: no pace', progress(1, 0, 2), 0, 300, undefined],
  ] as const)('%s', (_case, p, elapsed, max, expected) => {
    expect(replicationPaceSeconds(p, elapsed, max)).toBe(expected);
  });

  it('is never above the cap and grows with the time a region took', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 15, max: 3600 }), (settled, pending, elapsed, max) => {
        const p = progress(Math.min(settled, 3), Math.max(0, settled - 3), pending);
        const pace = replicationPaceSeconds(p, elapsed, max);
        expect(pace).toBeDefined();
        expect(pace).toBeLessThanOrEqual(max);
        expect(replicationPaceSeconds(p, elapsed + 60, max) ?? 0).toBeGreaterThanOrEqual(pace ?? 0);
      }),
    );
  });
});
