import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replicationProgress } from '../../../../functions/orchestrators/replicationProgress';
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
