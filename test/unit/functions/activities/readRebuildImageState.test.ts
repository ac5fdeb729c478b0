import { describe, expect, it } from 'vitest';
import type { ImageDefinitionRef } from '../../../../shared/ports/galleryPort';
import { PortError } from '../../../../shared/ports/portError';
import { aDefinition, aVersion, GALLERY, GALLERY_RG, LOCATION, SUBSCRIPTION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';
import { createReadRebuildImageStateActivity } from '../../../../functions/activities/readRebuildImageState';

const ref: ImageDefinitionRef = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };

function armWith(tags: Record<string, string> = {}) {
  const arm = new FakeArm();
  arm.addDefinition(ref, aDefinition({ tags }));
  return arm;
}

describe('readRebuildImageState', () => {
  it('takes latest from one version list, keeps only provenance tags, reads the count from the definition', async () => {
    const arm = armWith({ 'autopilot-consecutive-failures': '2', 'autopilot-last-failure': '2026-11-24T03:00:00.000Z', owner: 'x' });
    arm.versions.set('gal_autopilot/ubuntu-web', [
      aVersion({ name: '1.0.1', tags: { 'autopilot-base-image': 'b1', 'Autopilot-Recipe-Sha256': 'r1', owner: 'platform' } }),
      aVersion({ name: '1.0.2', excludeFromLatest: true }),
      aVersion({ name: '1.0.0' }),
    ]);
    const state = await createReadRebuildImageStateActivity({ gallery: arm })(ref);
    expect(state).toEqual({
      latest: {
        name: '1.0.1',
        publishedDate: '2026-01-01T00:00:00.000Z',
        tags: { 'autopilot-base-image': 'b1', 'autopilot-recipe-sha256': 'r1' },
        targetRegions: [{ name: LOCATION, replicas: 1, storageAccountType: 'Standard_LRS' }],
      },
      otherVersions: [{ versions: ['1.0.2', '1.0.0'], targetRegions: [{ name: LOCATION, replicas: 1, storageAccountType: 'Standard_LRS' }] }],
      consecutiveFailures: 2,
      lastFailureAt: '2026-11-24T03:00:00.000Z',
    });
    expect(arm.callsTo('listImageVersions')).toHaveLength(1);
    expect(arm.callsTo('getImageVersion')).toHaveLength(0);
  });

  it('for a captured latest, also names the newest succeeded build with its provenance (same single list)', async () => {
    const arm = armWith();
    arm.versions.set('gal_autopilot/ubuntu-web', [
      aVersion({ name: '1.0.1', tags: { 'autopilot-base-image': 'b1', 'autopilot-recipe-sha256': 'r1' } }),
      aVersion({ name: '1.0.2', tags: { 'autopilot-base-image': 'b2', 'autopilot-recipe-sha256': 'r2', owner: 'platform' } }),
      aVersion({ name: '1.0.4', tags: { 'autopilot-base-image': 'b3', 'autopilot-recipe-sha256': 'r3' }, provisioningState: 'Failed', excludeFromLatest: true }),
      aVersion({ name: '1.0.3', tags: { 'autopilot-source-vm': '0123456789abcdef' } }),
    ]);
    const state = await createReadRebuildImageStateActivity({ gallery: arm })(ref);
    expect(state.latest).toMatchObject({ name: '1.0.3', tags: {} });
    expect(state.latestBuilt).toEqual({ name: '1.0.2', tags: { 'autopilot-base-image': 'b2', 'autopilot-recipe-sha256': 'r2' } });
    expect(arm.callsTo('listImageVersions')).toHaveLength(1);
  });

  it('groups the other succeeded versions that are not deprecated by their regions, for reconciliation', async () => {
    const arm = armWith();
    const two = [{ name: LOCATION, replicas: 1, storageAccountType: 'Standard_LRS' as const }, { name: 'northeurope', replicas: 1, storageAccountType: 'Standard_LRS' as const }];
    arm.versions.set('gal_autopilot/ubuntu-web', [
      aVersion({ name: '1.0.0' }),
      aVersion({ name: '1.0.1', targetRegions: two }),
      aVersion({ name: '1.0.2' }),
      aVersion({ name: '1.0.3', excludeFromLatest: true, endOfLifeDate: '2026-12-01T00:00:00.000Z' }),
      aVersion({ name: '1.0.4', provisioningState: 'Failed', excludeFromLatest: true }),
      aVersion({ name: '1.0.5', excludeFromLatest: true }),
      aVersion({ name: '1.0.6', targetRegions: two }),
    ]);
    const state = await createReadRebuildImageStateActivity({ gallery: arm })(ref);
    expect(state.latest?.name).toBe('1.0.6');
    expect(state.otherVersions).toEqual([
      { versions: ['1.0.0', '1.0.2', '1.0.5'], targetRegions: [{ name: LOCATION, replicas: 1, storageAccountType: 'Standard_LRS' }] },
      { versions: ['1.0.1'], targetRegions: two },
    ]);
  });

  it.each([['abc'], ['-3'], ['1.5'], ['']])('reads a hand-edited count %j as 0', async (value) => {
    const state = await createReadRebuildImageStateActivity({ gallery: armWith({ 'autopilot-consecutive-failures': value }) })(ref);
    expect(state).toMatchObject({ latest: null, consecutiveFailures: 0, lastFailureAt: null });
  });
  it('reports a missing image definition as data (a reason to build), and throws anything else', async () => {
    const missing = await createReadRebuildImageStateActivity({ gallery: new FakeArm() })(ref);
    expect(missing).toEqual({ latest: null, consecutiveFailures: 0, lastFailureAt: null, definitionMissing: true });
    const arm = armWith();
    arm.failNext.set('listImageVersions', new PortError('THROTTLED', 'slow down'));
    await expect(createReadRebuildImageStateActivity({ gallery: arm })(ref)).rejects.toThrow(/THROTTLED/);
  });
});
