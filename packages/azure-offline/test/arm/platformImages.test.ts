/**
 * Platform (marketplace) images as the Compute REST examples show them (VirtualMachineImages_Get / _List): the
 * catalogue answers 404 `NotFound` "Artifact: VMImage was not found." for a version, or a publisher/offer/sku, it
 * does not have; VM creation from such a reference answers 404 `PlatformImageNotFound`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_POLL, LOCATION, startForTest, uniqueName, vmBody, type ArmTestContext } from './armTestKit';

let t: ArmTestContext;
beforeAll(async () => {
  t = await startForTest({ seed: { resourceGroups: [{ name: 'staging' }] } });
});
afterAll(async () => {
  await t.emulator.stop();
});

const UBUNTU = ['Canonical', 'ubuntu-24_04-lts', 'server'] as const;

describe('platform images through @azure/arm-compute', () => {
  it('gets a version the location has', async () => {
    const image = await t.compute.virtualMachineImages.get(LOCATION, ...UBUNTU, '24.04.202510150');
    expect(image).toMatchObject({ name: '24.04.202510150', location: LOCATION, osDiskImage: { operatingSystem: 'Linux' } });
  });

  it.each([
    ['a version the sku does not have', [...UBUNTU], '24.04.209901010'],
    ['a sku the offer does not have', ['Canonical', 'ubuntu-24_04-lts', 'no-such-sku'], '24.04.202510150'],
  ])('answers 404 NotFound for %s', async (_what, [publisher, offer, sku], version) => {
    await expect(t.compute.virtualMachineImages.get(LOCATION, publisher ?? '', offer ?? '', sku ?? '', version)).rejects.toMatchObject({
      statusCode: 404,
      code: 'NotFound',
      message: 'Artifact: VMImage was not found.',
    });
  });

  it('answers 404 NotFound when listing the versions of an unknown sku', async () => {
    await expect(t.compute.virtualMachineImages.list(LOCATION, 'Canonical', 'ubuntu-24_04-lts', 'no-such-sku')).rejects.toMatchObject({ statusCode: 404, code: 'NotFound' });
  });

  it('answers 404 PlatformImageNotFound when a VM is created from an unknown version', async () => {
    const name = uniqueName('iab');
    await expect(t.compute.virtualMachines.createOrUpdate('staging', name, vmBody(name, { publisher: UBUNTU[0], offer: UBUNTU[1], sku: UBUNTU[2], version: '24.04.209901010' }), FAST_POLL)).rejects.toMatchObject({
      statusCode: 404,
      code: 'PlatformImageNotFound',
    });
  });
});
