import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipeSha256 } from '../../shared/domain/hashing';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage } from '../support/builders';
import { BASE_IMAGE_VERSIONS, seedFor, type Stack } from '../support/stack';
import { expectDeterministicReplay } from '../support/replay';
import { getInstance } from '../support/durableApi';
import { JAMMY, runScheduledRebuild, startHandsOffStack, versionNames } from './handsOffSupport';

const image = anImage();
const catalog = aCatalog({ images: [image] });

/** The version an earlier catalog (without eastus) produced: up to date in every other respect. */
function seededGalleries() {
  const version = {
    name: '1.0.0',
    ageDays: 1,
    targetRegions: ['westeurope', 'northeurope'],
    tags: {
      'autopilot-base-image': `${JAMMY.publisher}:${JAMMY.offer}:${JAMMY.sku}:${BASE_IMAGE_VERSIONS[1]}`,
      'autopilot-recipe-sha256': recipeSha256(image.customization),
    },
  };
  return (seedFor(catalog).galleries ?? []).map((g) => ({ ...g, images: (g.images ?? []).map((i) => ({ ...i, versions: [version] })) }));
}

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({ catalog, seed: { galleries: seededGalleries() } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('replication reconciliation in the scheduled run', () => {
  it('replicates the latest version to a region the catalog added, without building', async () => {
    const run = await runScheduledRebuild(stack);
    const item = run.output.items[0];
    expect(item?.status).toBe('up-to-date');
    expect(item?.build).toBeNull();
    expect(item?.replication).toMatchObject({ version: '1.0.0', status: 'replicated', added: ['eastus'], failedRegions: [], notUpdatable: [] });

    const after = await armReader(stack).gallery.getImageVersion(imageRef(stack, 'ubuntu-web'), '1.0.0');
    expect(after.targetRegions.map((r) => r.name).sort()).toEqual(['eastus', 'northeurope', 'westeurope']);
    expect(after.replication.regions.map((r) => [r.region, r.state]).sort()).toEqual([
      ['eastus', 'Completed'],
      ['northeurope', 'Completed'],
      ['westeurope', 'Completed'],
    ]);
    expect(await versionNames(stack, 'ubuntu-web')).toEqual(['1.0.0']);
    const reconcileId = `${run.status.instanceId}:0`;
    const reconcile = await getInstance(stack.url, reconcileId);
    expect(reconcile?.name).toBe('reconcileReplication');
    await expectDeterministicReplay(stack, reconcileId, reconcile?.output);
    await expectDeterministicReplay(stack, run.status.instanceId, run.output);

    // Reconciled: the next run has nothing to change.
    const again = await runScheduledRebuild(stack);
    expect(again.output.items[0]).toMatchObject({ status: 'up-to-date', reconcile: null, replication: null });
  });
});
