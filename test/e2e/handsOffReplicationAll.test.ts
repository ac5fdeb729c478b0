/**
 * A region added to the catalog reaches every version that is not deprecated (VMs and scale sets pin older ones),
 * at most RECONCILE_VERSIONS_PER_RUN versions per image and run, newest first; the run's output says what was added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReconcileReplicationOutput } from '../../functions/contracts';
import { recipeSha256 } from '../../shared/domain/hashing';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, CAPTURE_RG, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../support/builders';
import { BASE_IMAGE_VERSIONS, seedFor, type Stack } from '../support/stack';
import { expectDeterministicReplay } from '../support/replay';
import { JAMMY, runScheduledRebuild, startHandsOffStack } from './handsOffSupport';

const image = anImage();
const catalog = aCatalog({ images: [image] });
const OLD_REGIONS = ['westeurope', 'northeurope'];
const LIVE = ['1.0.0', '1.0.1', '1.0.2', '1.0.3', '1.0.4', '1.0.5', '1.0.6'];
const DEPRECATED = '0.9.0';
const tags = {
  'autopilot-base-image': `${JAMMY.publisher}:${JAMMY.offer}:${JAMMY.sku}:${BASE_IMAGE_VERSIONS[1]}`,
  'autopilot-recipe-sha256': recipeSha256(image.customization),
};

/** Seven live versions published before the catalog added eastus, and one deprecated by prune. */
function seededGalleries() {
  const versions = [
    { name: DEPRECATED, ageDays: 20, targetRegions: OLD_REGIONS, tags, excludeFromLatest: true, endOfLifeDate: '2026-12-20T00:00:00.000Z' },
    ...LIVE.map((name, i) => ({ name, ageDays: LIVE.length - i, targetRegions: OLD_REGIONS, tags })),
  ];
  return (seedFor(catalog).galleries ?? []).map((g) => ({ ...g, images: (g.images ?? []).map((i) => ({ ...i, versions })) }));
}

const OLDEST_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${image.name}/versions/1.0.0`;

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({
    catalog,
    seed: { galleries: seededGalleries(), virtualMachines: [{ resourceGroup: CAPTURE_RG, name: 'vm-pinned', imageReference: { id: OLDEST_ID } }] },
  });
});
afterAll(async () => {
  await stack?.stop();
});

async function regionsOf(version: string): Promise<string[]> {
  const v = await armReader(stack).gallery.getImageVersion(imageRef(stack, image.name), version);
  return v.targetRegions.map((r) => r.name).sort();
}

const summary = (results: readonly ReconcileReplicationOutput[] | undefined) => (results ?? []).map((r) => [r.version, r.status, r.added]);

describe('replication reconciliation of every live version', () => {
  it('adds the region to each version that is not deprecated, five per run, newest first', async () => {
    const first = await runScheduledRebuild(stack);
    const item = first.output.items[0];
    expect(item).toMatchObject({ status: 'up-to-date', build: null, reconcileDeferred: ['1.0.1', '1.0.0'] });
    expect(item?.replication).toMatchObject({ version: '1.0.6', status: 'replicated', added: ['eastus'] });
    expect(summary(item?.replications)).toEqual(['1.0.6', '1.0.5', '1.0.4', '1.0.3', '1.0.2'].map((v) => [v, 'replicated', ['eastus']]));
    for (const v of ['1.0.2', '1.0.6']) expect(await regionsOf(v)).toEqual(['eastus', 'northeurope', 'westeurope']);
    expect(await regionsOf('1.0.0')).toEqual(['northeurope', 'westeurope']);
    await expectDeterministicReplay(stack, first.status.instanceId, first.output);

    // The next run takes the rest; the deprecated version is never touched.
    const second = await runScheduledRebuild(stack);
    expect(second.output.items[0]?.replication).toBeNull();
    expect(summary(second.output.items[0]?.replications)).toEqual([['1.0.1', 'replicated', ['eastus']], ['1.0.0', 'replicated', ['eastus']]]);
    expect(await regionsOf('1.0.0')).toEqual(['eastus', 'northeurope', 'westeurope']);
    expect(await regionsOf(DEPRECATED)).toEqual(['northeurope', 'westeurope']);

    const third = await runScheduledRebuild(stack);
    expect(third.output.items[0]).toMatchObject({ status: 'up-to-date', reconcile: null, replication: null, replications: [] });
  });
});
