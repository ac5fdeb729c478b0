/**
 * What ARM checks about a new VM's security profile, size and OS disk (VirtualMachine_Create_WithSecurityTypeTrustedLaunch
 * and …ConfidentialVM… of the Compute specs): the size must offer what the profile asks and be of the image's
 * architecture, a confidential VM's OS disk names its encryption type, and the OS disk is at least the image's size.
 */
import type { VirtualMachine } from '@azure/arm-compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeOnClock, FAST_POLL, LOCATION, startForTest, SUB, uniqueName, vmBody, type ArmTestContext } from './armTestKit';

const PROVISIONING = 30;
const ARM64_IMAGE = { publisher: 'Canonical', offer: 'ubuntu-arm', sku: 'server-arm64', version: 'latest' };
const TRUSTED_VERSION = { id: `/subscriptions/${SUB}/resourceGroups/gallery/providers/Microsoft.Compute/galleries/gal/images/img-trusted/versions/1.0.0` };
let t: ArmTestContext;

beforeAll(async () => {
  t = await startForTest({
    seed: {
      resourceGroups: [{ name: 'staging' }, { name: 'gallery' }],
      galleries: [{ subscriptionId: SUB, resourceGroup: 'gallery', name: 'gal', location: LOCATION, images: [{ name: 'img-trusted', securityType: 'TrustedLaunch', versions: [{ name: '1.0.0' }] }] }],
      platformImages: [{ location: LOCATION, publisher: ARM64_IMAGE.publisher, offer: ARM64_IMAGE.offer, sku: ARM64_IMAGE.sku, versions: ['1.0.0'], architecture: 'Arm64' }],
    },
    provisioningSeconds: PROVISIONING,
  });
});
afterAll(async () => {
  await t.emulator.stop();
});

type Change = (vm: VirtualMachine) => VirtualMachine;
const trusted: Change = (vm) => ({ ...vm, securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } } });
const confidential: Change = (vm) => ({ ...vm, securityProfile: { securityType: 'ConfidentialVM', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } } });
const size = (vmSize: string): Change => (vm) => ({ ...vm, hardwareProfile: { vmSize } });
const osDisk = (extra: Record<string, unknown>): Change => (vm) => ({
  ...vm,
  storageProfile: { ...vm.storageProfile, osDisk: { ...vm.storageProfile?.osDisk, createOption: 'FromImage', ...extra } },
});
const encrypted = osDisk({ managedDisk: { storageAccountType: 'Premium_LRS', securityProfile: { securityEncryptionType: 'VMGuestStateOnly' } } });
const apply = (name: string, changes: Change[], image?: typeof ARM64_IMAGE | typeof TRUSTED_VERSION) => changes.reduce((vm, change) => change(vm), image ? vmBody(name, image) : vmBody(name));

describe('security profile, size capabilities and OS disk size on VM create', () => {
  it('creates a trusted launch VM with a larger OS disk and returns both', async () => {
    const name = uniqueName('vm');
    const vm = await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', name, apply(name, [trusted, osDisk({ diskSizeGB: 64 })]), FAST_POLL), t.emulator, PROVISIONING);
    expect(vm.securityProfile).toEqual({ securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } });
    expect(vm.storageProfile?.osDisk?.diskSizeGB).toBe(64);
  });

  it('creates a confidential VM on a DCasv5 size with its OS disk encryption type', async () => {
    const name = uniqueName('vm');
    const vm = await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', name, apply(name, [confidential, size('Standard_DC2as_v5'), encrypted]), FAST_POLL), t.emulator, PROVISIONING);
    expect(vm.securityProfile?.securityType).toBe('ConfidentialVM');
    expect(vm.storageProfile?.osDisk?.managedDisk?.securityProfile).toEqual({ securityEncryptionType: 'VMGuestStateOnly' });
  });

  it.each<[string, Change[], typeof ARM64_IMAGE | typeof TRUSTED_VERSION | undefined, string, RegExp]>([
    ['a standard VM from a TrustedLaunch gallery image', [], TRUSTED_VERSION, 'BadRequest', /only supports creation of VMs and VM scale sets with 'TrustedLaunch' security type/],
    ['a confidential VM from a TrustedLaunch gallery image', [confidential, size('Standard_DC2as_v5'), encrypted], TRUSTED_VERSION, 'BadRequest', /with 'TrustedLaunch' security type/],
    ['trusted launch on an M-series size', [trusted, size('Standard_M8ms')], undefined, 'BadRequest', /Standard_M8ms' does not support TrustedLaunch/],
    ['a confidential VM on a general-purpose size', [confidential, encrypted], undefined, 'BadRequest', /does not support ConfidentialVM/],
    ['a confidential VM without its OS disk encryption type', [confidential, size('Standard_DC2as_v5')], undefined, 'InvalidParameter', /securityEncryptionType' must be one of/],
    ['an unknown security type', [(vm) => ({ ...vm, securityProfile: { securityType: 'Shielded' as 'TrustedLaunch' } })], undefined, 'InvalidParameter', /securityType' must be one of TrustedLaunch, ConfidentialVM/],
    ['an Arm64 image on an x64 size', [], ARM64_IMAGE, 'BadRequest', /Standard_D2s_v5' cannot boot an image of architecture 'Arm64'/],
    ['an x64 image on an Arm64 size', [size('Standard_D2ps_v5')], undefined, 'BadRequest', /cannot boot an image of architecture 'x64'/],
    ['an OS disk smaller than the image', [osDisk({ diskSizeGB: 8 })], undefined, 'InvalidParameter', /diskSizeGB' must be an integer from 30/],
  ])('refuses %s', async (_what, changes, image, code, message) => {
    const name = uniqueName('vm');
    await expect(t.compute.virtualMachines.createOrUpdate('staging', name, apply(name, changes, image), FAST_POLL).submitted()).rejects.toMatchObject({ statusCode: 400, code, message: expect.stringMatching(message) });
  });

  it('creates a trusted launch VM from a TrustedLaunch gallery image', async () => {
    const name = uniqueName('vm');
    const vm = await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', name, apply(name, [trusted], TRUSTED_VERSION), FAST_POLL), t.emulator, PROVISIONING);
    expect(vm.securityProfile?.securityType).toBe('TrustedLaunch');
  });

  it('creates an Arm64 image on an Arm64 size', async () => {
    const name = uniqueName('vm');
    const vm = await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', name, apply(name, [size('Standard_D2ps_v5')], ARM64_IMAGE), FAST_POLL), t.emulator, PROVISIONING);
    expect(vm.provisioningState).toBe('Succeeded');
  });
});
