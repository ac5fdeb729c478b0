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
