import type { VirtualMachine } from '@azure/arm-compute';
import type { OsState, OsType } from '../../domain/catalog';
import type { BuildVmSpec, ComputePort, PowerState, RunCommandExecutionState, VmImageReference, VmView } from '../../ports/computePort';
import { parseResourceId } from '../../ports/resourceId';
import type { ClientFor } from './clientFor';
import { normalizeRegion } from '../../domain/regions';
import { armCall } from './toPortError';

const POWER_STATES: readonly PowerState[] = ['starting', 'running', 'stopping', 'stopped', 'deallocating', 'deallocated'];
const EXECUTION_STATES: readonly RunCommandExecutionState[] = ['Unknown', 'Pending', 'Running', 'Failed', 'Succeeded', 'TimedOut', 'Canceled'];

function statusValue(vm: VirtualMachine, prefix: string): string | undefined {
  const status = vm.instanceView?.statuses?.find((s) => s.code?.toLowerCase().startsWith(`${prefix.toLowerCase()}/`));
  return status?.code?.slice(prefix.length + 1).toLowerCase();
}

function toImageReference(ref: NonNullable<VirtualMachine['storageProfile']>['imageReference']): VmImageReference | undefined {
  if (ref === undefined) return undefined;
  const out: VmImageReference = {};
  for (const key of ['id', 'sharedGalleryImageId', 'communityGalleryImageId', 'publisher', 'offer', 'sku', 'version', 'exactVersion'] as const) {
    const value = ref[key];
    if (typeof value === 'string' && value !== '') out[key] = value;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

export function toVmView(vm: VirtualMachine): VmView {
  const power = statusValue(vm, 'PowerState');
  const osState = statusValue(vm, 'OSState');
  const osType = vm.storageProfile?.osDisk?.osType;
  const imageReference = toImageReference(vm.storageProfile?.imageReference);
  return {
    id: vm.id ?? '',
    name: vm.name ?? '',
    location: normalizeRegion(vm.location),
    provisioningState: vm.provisioningState ?? 'Unknown',
    powerState: POWER_STATES.find((p) => p === power) ?? 'unknown',
    osType: (['Linux', 'Windows'] as const).find((t): t is OsType => t === osType) ?? null,
    osState: osState === 'generalized' ? 'Generalized' : osState === 'specialized' ? ('Specialized' satisfies OsState) : null,
    tags: { ...(vm.tags ?? {}) },
    ...(imageReference === undefined ? {} : { imageReference }),
  };
}

// Build VMs never accept logins: a random password nobody keeps satisfies the API for Windows and Linux alike.
function throwawayPassword(): string {
  return `Aa1!${globalThis.crypto.randomUUID()}`;
}

function buildVmModel(spec: BuildVmSpec): VirtualMachine {
  const imageReference =
    spec.image.type === 'marketplace'
      ? { publisher: spec.image.publisher, offer: spec.image.offer, sku: spec.image.sku, version: spec.image.version }
      : { id: spec.image.imageId };
  const security = spec.security ?? null;
  return {
    location: spec.location,
    tags: spec.tags,
    ...(spec.identity === undefined ? {} : { identity: { type: 'UserAssigned', userAssignedIdentities: { [spec.identity]: {} } } }),
    hardwareProfile: { vmSize: spec.vmSize },
    ...(security === null ? {} : { securityProfile: { securityType: security.securityType, uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } } }),
    storageProfile: {
      imageReference,
      osDisk: {
        createOption: 'FromImage',
        osType: spec.osType,
        deleteOption: 'Delete',
        ...(spec.osDiskSizeGb === undefined ? {} : { diskSizeGB: spec.osDiskSizeGb }),
        managedDisk: {
          storageAccountType: 'Standard_LRS',
          // ARM requires the encryption type of a confidential VM's OS disk.
          ...(security?.securityType === 'ConfidentialVM' ? { securityProfile: { securityEncryptionType: security.securityEncryptionType } } : {}),
        },
      },
    },
    osProfile: { computerName: spec.name, adminUsername: 'autopilot', adminPassword: throwawayPassword() },
    networkProfile: {
      networkApiVersion: '2020-11-01',
      // Inline NIC with deleteOption: one VM delete removes NIC and disk too (docs/architecture.md#idempotent-activities).
      networkInterfaceConfigurations: [
        {
          name: `${spec.name}-nic`,
          primary: true,
          deleteOption: 'Delete',
          ipConfigurations: [{ name: 'ipconfig1', primary: true, subnet: { id: spec.subnetId } }],
        },
      ],
    },
  };
}

export function createComputeAdapter(clientFor: ClientFor, defaultSubscriptionId: string): ComputePort {
  const vmOf = (vmId: string) => {
    const id = parseResourceId(vmId);
    return { client: clientFor(id.subscriptionId), rg: id.resourceGroup, name: id.name };
  };

  return {
    startCreateVm: (spec) =>
      armCall(`create VM ${spec.name}`, async () => {
        // Create only: a VM of that name that already exists is never updated by this PUT (412 → CONFLICT, judged by the caller).
        const poller = clientFor(spec.subscriptionId).virtualMachines.createOrUpdate(spec.resourceGroup, spec.name, buildVmModel(spec), { ifNoneMatch: '*' });
        await poller.submitted();
      }),

    getVm: (vmId) =>
      armCall(`get VM ${vmId}`, async () => {
        const { client, rg, name } = vmOf(vmId);
        return toVmView(await client.virtualMachines.get(rg, name, { expand: 'instanceView' }));
      }),

    listVms: (subscriptionId, resourceGroup) =>
      armCall(`list VMs in ${resourceGroup}`, async () => {
        const out: VmView[] = [];
        for await (const vm of clientFor(subscriptionId).virtualMachines.list(resourceGroup)) out.push(toVmView(vm));
        return out;
      }),

    startRunCommand: (vmId, commandName, spec) =>
      armCall(`run command ${commandName} on ${vmId}`, async () => {
        const { client, rg, name } = vmOf(vmId);
        const poller = client.virtualMachineRunCommands.createOrUpdate(rg, name, commandName, {
          location: spec.location,
          source: { script: spec.script.join('\n') },
          asyncExecution: spec.asyncExecution,
          timeoutInSeconds: spec.timeoutSeconds,
          ...(spec.outputBlobs === undefined
            ? {}
            : {
                outputBlobUri: spec.outputBlobs.outputBlobUri,
                errorBlobUri: spec.outputBlobs.errorBlobUri,
                outputBlobManagedIdentity: { clientId: spec.outputBlobs.clientId },
                errorBlobManagedIdentity: { clientId: spec.outputBlobs.clientId },
              }),
        });
        await poller.submitted();
      }),

    getRunCommand: (vmId, commandName) =>
      armCall(`get run command ${commandName} on ${vmId}`, async () => {
        const { client, rg, name } = vmOf(vmId);
        const rc = await client.virtualMachineRunCommands.getByVirtualMachine(rg, name, commandName, { expand: 'instanceView' });
        const view = rc.instanceView;
        return {
          name: rc.name ?? commandName,
          provisioningState: rc.provisioningState ?? 'Unknown',
          executionState: EXECUTION_STATES.find((s) => s === view?.executionState) ?? 'Unknown',
          exitCode: view?.exitCode ?? null,
          // Only the tail matters for a failure report, and payloads between functions stay small.
          output: (view?.output ?? '').slice(-4000),
          error: (view?.error ?? '').slice(-4000),
        };
      }),

    startDeallocateVm: (vmId) =>
      armCall(`deallocate VM ${vmId}`, async () => {
        const { client, rg, name } = vmOf(vmId);
        await client.virtualMachines.deallocate(rg, name).submitted();
      }),

    startRestartVm: (vmId) =>
      armCall(`restart VM ${vmId}`, async () => {
        const { client, rg, name } = vmOf(vmId);
        await client.virtualMachines.restart(rg, name).submitted();
      }),

    generalizeVm: (vmId) =>
      armCall(`generalize VM ${vmId}`, async () => {
        const { client, rg, name } = vmOf(vmId);
        await client.virtualMachines.generalize(rg, name);
      }),

    startDeleteVm: (vmId) =>
      armCall(`delete VM ${vmId}`, async () => {
        const { client, rg, name } = vmOf(vmId);
        await client.virtualMachines.delete(rg, name).submitted();
      }),

    listPlatformImageVersions: (location, publisher, offer, sku) =>
      armCall(`list platform image versions ${publisher}:${offer}:${sku} in ${location}`, async () => {
        const images = await clientFor(defaultSubscriptionId).virtualMachineImages.list(location, publisher, offer, sku);
        return images.map((i) => i.name);
      }),
  };
}
