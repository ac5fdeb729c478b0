/**
 * Per-region encryption of image versions, shaped by GalleryImageVersion_Create.json: each target region names the
 * disk encryption set of its OS disk image and of each data disk image (by LUN). ARM keeps and returns it, checks that
 * the IDs are disk encryption set resource IDs, and does not let an update re-encrypt a region.
 */
import type { GalleryImageVersion, TargetRegion } from '@azure/arm-compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeOnClock, FAST_POLL, startForTest, SUB, type ArmTestContext } from './armTestKit';

const PROVISIONING = 30;
let t: ArmTestContext;
beforeAll(async () => {
  t = await startForTest({
    seed: {
      galleries: [{ resourceGroup: 'images', name: 'gal', images: [{ name: 'web' }] }],
      virtualMachines: [{ resourceGroup: 'staging', name: 'vm-ready', powerState: 'deallocated', osState: 'generalized', deprovisioned: true }],
    },
    provisioningSeconds: PROVISIONING,
  });
});
afterAll(async () => {
  await t.emulator.stop();
});

const des = (name: string) => `/subscriptions/${SUB}/resourceGroups/keys/providers/Microsoft.Compute/diskEncryptionSets/${name}`;
const westEurope = { osDiskImage: { diskEncryptionSetId: des('myWestEuropeDes') }, dataDiskImages: [{ lun: 0, diskEncryptionSetId: des('myOtherWestEuropeDes') }, { lun: 1, diskEncryptionSetId: des('myWestEuropeDes') }] };
const northEurope = { osDiskImage: { diskEncryptionSetId: des('myNorthEuropeDes') } };

function versionBody(targetRegions: TargetRegion[]): GalleryImageVersion {
  return {
    location: 'West Europe',
    publishingProfile: { targetRegions },
    storageProfile: { source: { virtualMachineId: `/subscriptions/${SUB}/resourceGroups/staging/providers/Microsoft.Compute/virtualMachines/vm-ready` } },
    safetyProfile: { allowDeletionOfReplicatedLocations: false },
  };
}

async function create(version: string, targetRegions: TargetRegion[]): Promise<GalleryImageVersion> {
  return await completeOnClock(t.compute.galleryImageVersions.createOrUpdate('images', 'gal', 'web', version, versionBody(targetRegions), FAST_POLL), t.emulator, PROVISIONING);
}

describe('image version encryption through @azure/arm-compute', () => {
  it('keeps and returns each target region encryption as sent', async () => {
    const created = await create('1.0.0', [
      { name: 'West Europe', regionalReplicaCount: 1, encryption: westEurope, excludeFromLatest: false },
      { name: 'North Europe', regionalReplicaCount: 2, storageAccountType: 'Standard_ZRS', encryption: northEurope, excludeFromLatest: false },
    ]);
    expect(created.publishingProfile?.targetRegions?.map((r) => [r.name, r.encryption])).toEqual([
      ['West Europe', westEurope],
      ['North Europe', northEurope],
    ]);
    const read = await t.compute.galleryImageVersions.get('images', 'gal', 'web', '1.0.0', { expand: 'ReplicationStatus' });
    expect(read.publishingProfile?.targetRegions?.[0]?.encryption).toEqual(westEurope);
  });

  it('keeps a region encryption through an update that leaves it out, and refuses one that changes it', async () => {
    await create('1.1.0', [{ name: 'West Europe', encryption: westEurope }]);
    const widened = await t.compute.galleryImageVersions.update('images', 'gal', 'web', '1.1.0', { publishingProfile: { targetRegions: [{ name: 'West Europe' }, { name: 'North Europe', encryption: northEurope }] } }, FAST_POLL);
    expect(widened.publishingProfile?.targetRegions?.map((r) => r.encryption)).toEqual([westEurope, northEurope]);
    await expect(
      t.compute.galleryImageVersions.update('images', 'gal', 'web', '1.1.0', { publishingProfile: { targetRegions: [{ name: 'West Europe', encryption: northEurope }, { name: 'North Europe' }] } }, FAST_POLL),
    ).rejects.toMatchObject({ statusCode: 409, code: 'PropertyChangeNotAllowed' });
  });

  it.each([
    ['a disk encryption set that is not a resource ID', { osDiskImage: { diskEncryptionSetId: 'myWestEuropeDes' } }, 'LinkedInvalidPropertyId', 'targetRegions[0].encryption.osDiskImage.diskEncryptionSetId'],
    ['the ID of another resource type', { osDiskImage: { diskEncryptionSetId: `/subscriptions/${SUB}/resourceGroups/keys/providers/Microsoft.KeyVault/vaults/kv` } }, 'InvalidParameter', 'Microsoft.Compute/diskEncryptionSets'],
    ['a data disk image without a LUN', { dataDiskImages: [{ diskEncryptionSetId: des('a') }] }, 'InvalidParameter', 'dataDiskImages[0].lun'],
    ['a LUN listed twice', { dataDiskImages: [{ lun: 1, diskEncryptionSetId: des('a') }, { lun: 1, diskEncryptionSetId: des('b') }] }, 'InvalidParameter', 'dataDiskImages[1].lun'],
    ['an unknown confidential VM encryption type', { osDiskImage: { securityProfile: { confidentialVMEncryptionType: 'EncryptedWithMagic' } } }, 'InvalidParameter', 'confidentialVMEncryptionType'],
    ['a secure VM disk encryption set that is not a resource ID', { osDiskImage: { securityProfile: { confidentialVMEncryptionType: 'EncryptedWithCmk', secureVMDiskEncryptionSetId: 'des' } } }, 'LinkedInvalidPropertyId', 'secureVMDiskEncryptionSetId'],
  ])('answers 400 for %s', async (_what, encryption, code, named) => {
    await expect(t.compute.galleryImageVersions.createOrUpdate('images', 'gal', 'web', '2.0.0', versionBody([{ name: 'West Europe', encryption: encryption as TargetRegion['encryption'] }]), FAST_POLL).submitted()).rejects.toMatchObject({
      statusCode: 400,
      code,
      message: expect.stringContaining(named),
    });
  });
});
