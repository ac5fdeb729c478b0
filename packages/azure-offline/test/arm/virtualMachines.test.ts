import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VirtualMachineRunCommand } from '@azure/arm-compute';
import { completeOnClock, createGallery, createImage, FAST_POLL, LOCATION, startForTest, SUB, uniqueName, vmBody, type ArmTestContext } from './armTestKit';

const PROVISIONING = 30;
const RUN = 60;
let t: ArmTestContext;

beforeAll(async () => {
  t = await startForTest({
    seed: {
      resourceGroups: [{ name: 'staging' }],
      runCommandFailures: [{ vmNamePrefix: 'iabfail', runCommandName: 'install-agent', exitCode: 42, output: 'E: Unable to locate package contoso-agent' }],
    },
    provisioningSeconds: PROVISIONING,
    runCommandSeconds: RUN,
  });
});
afterAll(async () => {
  await t.emulator.stop();
});

function runCommand(script: string[]): VirtualMachineRunCommand {
  return { location: LOCATION, source: { script: script.join('\n') }, asyncExecution: true, timeoutInSeconds: 3600 };
}

async function createVm(name: string) {
  return await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', name, vmBody(name), FAST_POLL), t.emulator, PROVISIONING);
}

/** The pipeline's way: deprovision in the guest (which stops the VM), deallocate, generalize. */
async function preparedForCapture(name: string, deprovision = true): Promise<void> {
  await createVm(name);
  if (deprovision) {
    await t.compute.virtualMachineRunCommands.createOrUpdate('staging', name, 'deprovision', runCommand(['sudo waagent -force -deprovision+user']), FAST_POLL);
    t.emulator.clock.advance(RUN);
  }
  await completeOnClock(t.compute.virtualMachines.deallocate('staging', name, FAST_POLL), t.emulator, PROVISIONING);
  await t.compute.virtualMachines.generalize('staging', name);
}

function statusCodes(vm: { instanceView?: { statuses?: { code?: string }[] } }): string[] {
  return (vm.instanceView?.statuses ?? []).map((s) => s.code ?? '');
}

describe('virtual machine lifecycle through @azure/arm-compute', () => {
  it('creates, customizes, deprovisions, deallocates, generalizes and deletes with its NIC and disk', async () => {
    const name = uniqueName('iab');
    const vm = await createVm(name);
    expect(vm.provisioningState).toBe('Succeeded');
    expect(vm.storageProfile?.imageReference?.exactVersion).toBe('24.04.202510150');
    expect(vm.tags).toEqual({ 'autopilot-build': 'abcd1234' });
    const nicId = vm.networkProfile?.networkInterfaces?.[0]?.id ?? '';
    const diskName = vm.storageProfile?.osDisk?.name ?? '';
    expect(nicId).toMatch(/\/providers\/Microsoft\.Network\/networkInterfaces\//);

    const step = await t.compute.virtualMachineRunCommands.createOrUpdate('staging', name, 'install', runCommand(['apt-get install -y nginx']), FAST_POLL);
    expect(step.provisioningState).toBe('Succeeded');
    const running = await t.compute.virtualMachineRunCommands.getByVirtualMachine('staging', name, 'install', { expand: 'instanceView' });
    expect(running.instanceView?.executionState).toBe('Running');
    t.emulator.clock.advance(RUN);
    const finished = await t.compute.virtualMachineRunCommands.getByVirtualMachine('staging', name, 'install', { expand: 'instanceView' });
    expect(finished.instanceView).toMatchObject({ executionState: 'Succeeded', exitCode: 0 });
    expect(finished.source?.script).toBe('apt-get install -y nginx');

    await t.compute.virtualMachineRunCommands.createOrUpdate('staging', name, 'deprovision', runCommand(['sudo waagent -force -deprovision+user', 'sudo shutdown -h now']), FAST_POLL);
    t.emulator.clock.advance(RUN);
    const stopped = await t.compute.virtualMachines.get('staging', name, { expand: 'instanceView' });
    expect(statusCodes(stopped)).toContain('PowerState/stopped');

    await completeOnClock(t.compute.virtualMachines.deallocate('staging', name, FAST_POLL), t.emulator, PROVISIONING);
    await t.compute.virtualMachines.generalize('staging', name);
    const generalized = await t.compute.virtualMachines.get('staging', name, { expand: 'instanceView' });
    expect(statusCodes(generalized)).toEqual(expect.arrayContaining(['PowerState/deallocated', 'OSState/generalized']));

    await completeOnClock(t.compute.virtualMachines.delete('staging', name, FAST_POLL), t.emulator, PROVISIONING);
    await expect(t.compute.virtualMachines.get('staging', name)).rejects.toMatchObject({ statusCode: 404, code: 'ResourceNotFound' });
    await expect(t.compute.disks.get('staging', diskName)).rejects.toMatchObject({ statusCode: 404 });
    const nic = await t.rest.pathUnchecked(nicId).get({ queryParameters: { 'api-version': '2024-05-01' } });
    expect(nic.status).toBe('404');
  });

  it('reports a failing step with its exit code and output', async () => {
    const name = uniqueName('iabfail');
    await createVm(name);
    await t.compute.virtualMachineRunCommands.createOrUpdate('staging', name, 'install-agent', runCommand(['apt-get install -y contoso-agent']), FAST_POLL);
    t.emulator.clock.advance(RUN);
    const result = await t.compute.virtualMachineRunCommands.getByVirtualMachine('staging', name, 'install-agent', { expand: 'instanceView' });
    expect(result.instanceView).toMatchObject({ executionState: 'Failed', exitCode: 42, output: 'E: Unable to locate package contoso-agent' });
  });

  it('re-runs a command updated with PATCH, keeping its script', async () => {
    const name = uniqueName('iab');
    await createVm(name);
    await t.compute.virtualMachineRunCommands.createOrUpdate('staging', name, 'patch', runCommand(['unattended-upgrade']), FAST_POLL);
    t.emulator.clock.advance(RUN);
    const updated = await t.compute.virtualMachineRunCommands.update('staging', name, 'patch', { timeoutInSeconds: 7200 }, FAST_POLL);
    expect(updated).toMatchObject({ timeoutInSeconds: 7200, source: { script: 'unattended-upgrade' } });
    const rerun = await t.compute.virtualMachineRunCommands.getByVirtualMachine('staging', name, 'patch', { expand: 'instanceView' });
    expect(rerun.instanceView?.executionState).toBe('Running');
  });

  it('answers a create-only PUT (If-None-Match: *) of an existing VM with 412 and leaves the VM as it was', async () => {
    const name = uniqueName('iab');
    await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', name, vmBody(name), { ...FAST_POLL, ifNoneMatch: '*' }), t.emulator, PROVISIONING);
    await expect(t.compute.virtualMachines.createOrUpdate('staging', name, { ...vmBody(name), tags: { 'autopilot-build': 'other' } }, { ...FAST_POLL, ifNoneMatch: '*' })).rejects.toMatchObject({
      statusCode: 412,
      code: 'PreconditionFailed',
    });
    expect((await t.compute.virtualMachines.get('staging', name)).tags).toEqual({ 'autopilot-build': 'abcd1234' });
  });

  it('refuses to generalize a running VM', async () => {
    const name = uniqueName('iab');
    await createVm(name);
    await expect(t.compute.virtualMachines.generalize('staging', name)).rejects.toMatchObject({ statusCode: 409, code: 'OperationNotAllowed' });
  });

  it.each([
    ['no password and no SSH key', { computerName: 'x', adminUsername: 'azureuser' }],
    ['password authentication disabled without a key', { computerName: 'x', adminUsername: 'azureuser', adminPassword: 'N0t-a-real-secret!', linuxConfiguration: { disablePasswordAuthentication: true } }],
  ])('refuses a Linux VM with %s', async (_what, osProfile) => {
    const name = uniqueName('iab');
    await expect(t.compute.virtualMachines.createOrUpdate('staging', name, { ...vmBody(name), osProfile }, FAST_POLL)).rejects.toMatchObject({ statusCode: 400, code: 'InvalidParameter', message: expect.stringContaining('osProfile') });
  });

  it('accepts a Linux VM with an SSH key only', async () => {
    const name = uniqueName('iab');
    const osProfile = { computerName: name, adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: 'ssh-ed25519 AAAA test' }] } } };
    const vm = await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', name, { ...vmBody(name), osProfile }, FAST_POLL), t.emulator, PROVISIONING);
    expect(vm.osProfile?.adminPassword).toBeUndefined();
    expect(vm.provisioningState).toBe('Succeeded');
  });

  it('creates a VM and a scale set from a gallery image version, and lists scale sets', async () => {
    await createGallery(t, 'staging', 'gal', { location: LOCATION }, PROVISIONING);
    await createImage(t, 'staging', 'gal', 'web', { location: LOCATION, osType: 'Linux', osState: 'Generalized', identifier: { publisher: 'p', offer: 'o', sku: uniqueName('s') } }, PROVISIONING);
    const source = uniqueName('iab');
    await preparedForCapture(source);
    const versionId = (await completeOnClock(
      t.compute.galleryImageVersions.createOrUpdate('staging', 'gal', 'web', '1.0.0', { location: LOCATION, storageProfile: { source: { virtualMachineId: `/subscriptions/${SUB}/resourceGroups/staging/providers/Microsoft.Compute/virtualMachines/${source}` } } }, FAST_POLL),
      t.emulator,
      PROVISIONING,
    )).id ?? '';
    const name = uniqueName('app');
    const vm = await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', name, vmBody(name, { id: versionId }), FAST_POLL), t.emulator, PROVISIONING);
    expect(vm.storageProfile?.imageReference?.id).toBe(versionId);

    const definitionId = versionId.replace(/\/versions\/1\.0\.0$/, '');
    const scaleSet = await completeOnClock(
      t.compute.virtualMachineScaleSets.createOrUpdate('staging', 'web-ss', { location: LOCATION, sku: { name: 'Standard_D2s_v5', capacity: 3 }, virtualMachineProfile: { storageProfile: { imageReference: { id: definitionId } } } }, FAST_POLL),
      t.emulator,
      PROVISIONING,
    );
    expect(scaleSet.virtualMachineProfile?.storageProfile?.imageReference?.id).toBe(definitionId);
    const listed = [];
    for await (const s of t.compute.virtualMachineScaleSets.listAll()) listed.push(s.name);
    expect(listed).toEqual(['web-ss']);
    const missing = `${definitionId}/versions/9.9.9`;
    await expect(t.compute.virtualMachines.createOrUpdate('staging', uniqueName('app'), vmBody('app', { id: missing }), FAST_POLL)).rejects.toMatchObject({ statusCode: 404, code: 'GalleryImageNotFound' });
  });

  it('lets a capture without guest deprovisioning succeed, but VMs from it time out in OS provisioning', async () => {
    await createGallery(t, 'staging', 'galunprepared', { location: LOCATION }, PROVISIONING);
    await createImage(t, 'staging', 'galunprepared', 'web', { location: LOCATION, osType: 'Linux', osState: 'Generalized', identifier: { publisher: 'p', offer: 'o', sku: 's' } }, PROVISIONING);
    const source = uniqueName('iab');
    await preparedForCapture(source, false);
    const version = await completeOnClock(
      t.compute.galleryImageVersions.createOrUpdate('staging', 'galunprepared', 'web', '1.0.0', { location: LOCATION, storageProfile: { source: { virtualMachineId: `/subscriptions/${SUB}/resourceGroups/staging/providers/Microsoft.Compute/virtualMachines/${source}` } } }, FAST_POLL),
      t.emulator,
      PROVISIONING,
    );
    expect(version.provisioningState).toBe('Succeeded');
    const name = uniqueName('app');
    const failure = await completeOnClock(t.compute.virtualMachines.createOrUpdate('staging', name, vmBody(name, { id: version.id ?? '' }), FAST_POLL), t.emulator, PROVISIONING).catch((e: unknown) => e);
    expect(String((failure as Error).message)).toContain('OSProvisioningTimedOut');
    expect((await t.compute.virtualMachines.get('staging', name)).provisioningState).toBe('Failed');
  });

  it('lists VMs by resource group and subscription, and platform image versions', async () => {
    const name = uniqueName('iab');
    await createVm(name);
    const inGroup = [];
    for await (const vm of t.compute.virtualMachines.list('staging')) inGroup.push(vm.name);
    expect(inGroup).toContain(name);
    const everywhere = [];
    for await (const vm of t.compute.virtualMachines.listAll()) everywhere.push(vm.id);
    expect(everywhere).toContain(`/subscriptions/${SUB}/resourceGroups/staging/providers/Microsoft.Compute/virtualMachines/${name}`);
    const versions = await t.compute.virtualMachineImages.list(LOCATION, 'Canonical', 'ubuntu-24_04-lts', 'server');
    expect(versions.map((v) => v.name)).toEqual(['24.04.202509090', '24.04.202510150']);
    const one = await t.compute.virtualMachineImages.get(LOCATION, 'Canonical', 'ubuntu-24_04-lts', 'server', '24.04.202510150');
    expect(one.osDiskImage?.operatingSystem).toBe('Linux');
  });
});
