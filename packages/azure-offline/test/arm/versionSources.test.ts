import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GalleryImageVersion } from '@azure/arm-compute';
import type { SeedDocument } from '../../src/arm/index';
import { createGallery, createImage, FAST_POLL, galleryBody, imageBody, LOCATION, startForTest, SUB, uniqueName, type ArmTestContext } from './armTestKit';

const PROVISIONING = 30;
let t: ArmTestContext;
let gallery: string;
let versions = 0;

const compute = (type: string, name: string) => `/subscriptions/${SUB}/resourceGroups/sources/providers/Microsoft.Compute/${type}/${name}`;
const ACCOUNT = `/subscriptions/${SUB}/resourceGroups/sources/providers/Microsoft.Storage/storageAccounts/stimports`;
const OTHER_ACCOUNT = `/subscriptions/${SUB}/resourceGroups/sources/providers/Microsoft.Storage/storageAccounts/stother`;
const VHD = 'https://stimports.blob.core.windows.net/vhds/golden.vhd';

const seed: SeedDocument = {
  resourceGroups: [{ name: 'images' }, { name: 'sources' }],
  managedImages: [
    { resourceGroup: 'sources', name: 'img-golden' },
    { resourceGroup: 'sources', name: 'img-gen1', hyperVGeneration: 'V1' },
    { resourceGroup: 'sources', name: 'img-north', location: 'northeurope' },
    { resourceGroup: 'sources', name: 'img-windows', osType: 'Windows' },
  ],
  snapshots: [{ resourceGroup: 'sources', name: 'snap-golden' }],
  disks: [{ resourceGroup: 'sources', name: 'disk-golden' }],
  storageAccounts: [
    { resourceGroup: 'sources', name: 'stimports', vhds: ['vhds/golden.vhd'] },
    { resourceGroup: 'sources', name: 'stother', vhds: ['vhds/other.vhd'] },
  ],
};

beforeAll(async () => {
  t = await startForTest({ seed, provisioningSeconds: PROVISIONING, replicationSecondsPerRegion: 60 });
  gallery = uniqueName('gal');
  await createGallery(t, 'images', gallery, galleryBody(), PROVISIONING);
  await createImage(t, 'images', gallery, 'web', imageBody(), PROVISIONING);
});
afterAll(async () => {
  await t.emulator.stop();
});

function versionBody(storageProfile: GalleryImageVersion['storageProfile']): GalleryImageVersion {
  return { location: LOCATION, publishingProfile: { targetRegions: [{ name: LOCATION, regionalReplicaCount: 1 }] }, storageProfile };
}

async function create(version: string, storageProfile: GalleryImageVersion['storageProfile']): Promise<GalleryImageVersion> {
  const poller = t.compute.galleryImageVersions.createOrUpdate('images', gallery, 'web', version, versionBody(storageProfile), FAST_POLL);
  await poller.submitted();
  t.emulator.clock.advance(PROVISIONING);
  return poller;
}

describe('import sources of gallery image versions', () => {
  it('serves seeded managed images, snapshots and disks with the facts a version source is checked by', async () => {
    const image = await t.compute.images.get('sources', 'img-golden');
    expect(image).toMatchObject({ location: LOCATION, hyperVGeneration: 'V2', storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized' } } });
    const snapshot = await t.compute.snapshots.get('sources', 'snap-golden');
    expect(snapshot).toMatchObject({ osType: 'Linux', hyperVGeneration: 'V2', supportedCapabilities: { architecture: 'x64' } });
    expect((await t.compute.disks.get('sources', 'disk-golden')).osType).toBe('Linux');
    await expect(t.compute.images.get('sources', 'img-none')).rejects.toMatchObject({ statusCode: 404 });
  });

  it.each([
    ['a managed image', { source: { id: compute('images', 'img-golden') } }],
    ['a snapshot', { osDiskImage: { source: { id: compute('snapshots', 'snap-golden') } } }],
    ['a managed disk', { osDiskImage: { source: { id: compute('disks', 'disk-golden') } } }],
    ['a VHD in its storage account', { osDiskImage: { source: { uri: VHD, storageAccountId: ACCOUNT } } }],
  ] as const)('creates a version from %s and reports the source where ARM does', async (_case, storageProfile) => {
    const version = `1.0.${(versions += 1)}`;
    const created = await create(version, storageProfile);
    expect(created.provisioningState).toBe('Succeeded');
    expect(created.storageProfile).toMatchObject(storageProfile);
  });

  it.each([
    ['another region than the gallery', { source: { id: compute('images', 'img-north') } }, /is in 'northeurope'; the source of a gallery image version must be in the gallery's region/],
    ['another Hyper-V generation', { source: { id: compute('images', 'img-gen1') } }, /Hyper-V generation 'V1' of the source image 'img-gen1' does not match the Hyper-V generation 'V2'/],
    ['another OS type', { source: { id: compute('images', 'img-windows') } }, /OS type 'Windows' of the source image 'img-windows' does not match/],
    ['a VHD URI that is not a blob of the named account', { osDiskImage: { source: { uri: 'https://stother.blob.core.windows.net/vhds/other.vhd', storageAccountId: ACCOUNT } } }, /is not in storage account 'stimports'/],
    ['a VHD that is not in its account', { osDiskImage: { source: { uri: 'https://stother.blob.core.windows.net/vhds/none.vhd', storageAccountId: OTHER_ACCOUNT } } }, /was not found in storage account 'stother'/],
    ['a snapshot that does not exist', { osDiskImage: { source: { id: compute('snapshots', 'snap-none') } } }, /the snapshot '.*snap-none' was not found/],
  ] as const)('refuses a source in %s with ARM\'s 400, creating nothing', async (_case, storageProfile, message) => {
    const version = `2.0.${(versions += 1)}`;
    await expect(t.compute.galleryImageVersions.createOrUpdate('images', gallery, 'web', version, versionBody(storageProfile), FAST_POLL)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidParameter',
      message: expect.stringMatching(message),
    });
    await expect(t.compute.galleryImageVersions.get('images', gallery, 'web', version)).rejects.toMatchObject({ statusCode: 404 });
  });
});
