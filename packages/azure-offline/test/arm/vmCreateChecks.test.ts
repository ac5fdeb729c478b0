/**
 * What ARM checks when a VM is created, shaped by VirtualMachine_Create_WithPasswordAuthentication.json (a Windows
 * VM on an existing network interface, with an administrator password): the NIC must exist and be free, and the
 * password must meet ARM's documented rules. The app's own build VMs (inline NIC configurations, a generated password)
 * keep working: see virtualMachines.test.ts and the app's end-to-end tests.
 */
import type { VirtualMachine } from '@azure/arm-compute';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeOnClock, FAST_POLL, LOCATION, startForTest, SUB, uniqueName, vmBody, type ArmTestContext } from './armTestKit';

const PROVISIONING = 30;
const WINDOWS = { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' };
const nicId = (name: string) => `/subscriptions/${SUB}/resourceGroups/staging/providers/Microsoft.Network/networkInterfaces/${name}`;
let t: ArmTestContext;

beforeAll(async () => {
  t = await startForTest({
    seed: {
      virtualMachines: [
        { resourceGroup: 'staging', name: 'holder' },
        { resourceGroup: 'staging', name: 'retired', nicDeleteOption: 'Detach' },
      ],
    },
    provisioningSeconds: PROVISIONING,
  });
  // Deleting a VM whose NIC is 'Detach' leaves the NIC behind, free for another VM.
  await completeOnClock(t.compute.virtualMachines.delete('staging', 'retired', FAST_POLL), t.emulator, PROVISIONING);
});
afterAll(async () => {
  await t.emulator.stop();
});

function windowsVm(nic: string, adminPassword: string): VirtualMachine {
  return {
    location: LOCATION,
    hardwareProfile: { vmSize: 'Standard_D1_v2' },
    storageProfile: { imageReference: WINDOWS, osDisk: { caching: 'ReadWrite', managedDisk: { storageAccountType: 'Standard_LRS' }, createOption: 'FromImage' } },
    osProfile: { adminUsername: 'azureuser', computerName: 'myVM', adminPassword },
    networkProfile: { networkInterfaces: [{ id: nic, primary: true }] },
  };
}

describe('network interfaces a new VM attaches', () => {
  it('attaches an existing free NIC, which then belongs to the VM', async () => {
    const vm = await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', 'myvm', windowsVm(nicId('retired-nic'), 'Str0ng-enough'), FAST_POLL), t.emulator, PROVISIONING);
    expect(vm.provisioningState).toBe('Succeeded');
    expect(vm.networkProfile?.networkInterfaces).toEqual([{ id: nicId('retired-nic'), primary: true, deleteOption: 'Detach' }]);
    const nic = await t.rest.pathUnchecked(nicId('retired-nic')).get({ queryParameters: { 'api-version': '2024-05-01' } });
    expect((nic.body as { properties: { virtualMachine?: { id: string } } }).properties.virtualMachine?.id).toBe(vm.id);
  });

  it('answers 404 NotFound for a NIC that does not exist', async () => {
    await expect(t.compute.virtualMachines.createOrUpdate('staging', uniqueName('vm'), windowsVm(nicId('no-such-nic'), 'Str0ng-enough'), FAST_POLL).submitted()).rejects.toMatchObject({
      statusCode: 404,
      code: 'NotFound',
      message: expect.stringContaining(nicId('no-such-nic')),
    });
  });

  it('answers 400 NicInUse for a NIC another VM holds', async () => {
    await expect(t.compute.virtualMachines.createOrUpdate('staging', uniqueName('vm'), windowsVm(nicId('holder-nic'), 'Str0ng-enough'), FAST_POLL).submitted()).rejects.toMatchObject({
      statusCode: 400,
      code: 'NicInUse',
      message: expect.stringContaining('/virtualMachines/holder'),
    });
  });
});

describe('administrator passwords', () => {
  const linux = (name: string, adminPassword: string) => ({ ...vmBody(name), osProfile: { computerName: name, adminUsername: 'azureuser', adminPassword } });
  const windows = (name: string, adminPassword: string) => ({ ...vmBody(name, WINDOWS), osProfile: { computerName: 'win', adminUsername: 'azureuser', adminPassword } });

  it.each([
    ['Linux', 'shorter than 6 characters', 'Ab1!x'],
    ['Linux', 'longer than 72 characters', `Ab1!${'x'.repeat(69)}`],
    ['Linux', 'only lower case and digits', 'lowercase123'],
    ['Linux', 'a control character', 'Ab1\u0007defg'],
    ['Linux', 'a disallowed value', 'P@ssw0rd'],
    ['Windows', 'shorter than 8 characters', 'Ab1!xyz'],
    ['Windows', 'longer than 123 characters', `Ab1!${'x'.repeat(120)}`],
    ['Windows', 'only upper and lower case', 'OnlyLettersHere'],
    ['Windows', 'a disallowed value', 'Password22'],
  ])('refuses a %s VM whose password has %s with 400 InvalidParameter', async (os, _why, password) => {
    const name = uniqueName('vm');
    const body = os === 'Linux' ? linux(name, password) : windows(name, password);
    await expect(t.compute.virtualMachines.createOrUpdate('staging', name, body, FAST_POLL).submitted()).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidParameter',
      message: expect.stringMatching(/The supplied password|commonly used password/),
    });
  });

  it.each([
    ['Linux', 'Ab1def'],
    ['Windows', 'Ab1defgh'],
    ['Windows', 'with spaces 9 X'],
  ])('accepts a %s VM with the password %j', async (os, password) => {
    const name = uniqueName('vm');
    const body = os === 'Linux' ? linux(name, password) : windows(name, password);
    const vm = await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', name, body, FAST_POLL), t.emulator, PROVISIONING);
    expect(vm.provisioningState).toBe('Succeeded');
    expect(vm.osProfile?.adminPassword).toBeUndefined();
  });
});
