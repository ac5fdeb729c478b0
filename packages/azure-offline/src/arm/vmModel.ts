/** Parses a VM create body into records (VM, OS disk, inline NICs) and renders the VM with its instance view. */
import { randomBytes, randomUUID } from 'node:crypto';
import { badRequest } from './armError';
import type { ArmRequest, EmulatorContext } from './context';
import { attachExistingNics } from './attachedNics';
import { resolveImageReference } from './imageReference';
import { arrayAt, isObject, objectAt, stringAt, type JsonObject } from './json';
import { computerNameProblem } from './nameRules';
import { checkCredentials } from './vmCredentials';
import { readSecurityProfile } from './vmSecurity';
import { envelope, optionalObject, requireString, resourceGroupId } from './resourceCommon';
import type { DiskRecord, NicRecord, VmRecord } from './state';

const DELETE_OPTIONS = ['Delete', 'Detach'];

export function vmId(p: Record<string, string>): string {
  return `${resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '')}/providers/Microsoft.Compute/virtualMachines/${p.vmName ?? ''}`;
}

function deleteOption(value: unknown, path: string): string {
  if (value === undefined || value === null) return 'Detach';
  if (typeof value !== 'string' || !DELETE_OPTIONS.includes(value)) throw badRequest('InvalidParameter', `'${path}' must be Delete or Detach.`);
  return value;
}

// Platform and gallery images are 30 GiB in the emulator: ARM refuses an OS disk smaller than its image.
const IMAGE_DISK_GB = 30;

function osDiskSize(value: unknown): number {
  if (value === undefined || value === null) return IMAGE_DISK_GB;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < IMAGE_DISK_GB || value > 4095) {
    throw badRequest(
      'InvalidParameter',
      `'properties.storageProfile.osDisk.diskSizeGB' must be an integer from ${IMAGE_DISK_GB} (the image's size) to 4095; got '${String(value)}'.`,
    );
  }
  return value;
}

export interface NewVm {
  vm: VmRecord;
  disk: DiskRecord;
  /** Inline NICs created with the VM, then existing ones it attaches. */
  nics: NicRecord[];
  /** Created from an image captured without deprovisioning: provisioning will time out. */
  unpreparedImage: boolean;
}

export function parseNewVm(ctx: EmulatorContext, req: ArmRequest, body: JsonObject, props: JsonObject, location: string): NewVm {
  const p = req.params;
  const name = p.vmName ?? '';
  const rgId = resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '');
  const hardware = optionalObject(props, 'hardwareProfile', 'properties.hardwareProfile');
  const vmSize = requireString(hardware, 'vmSize', 'properties.hardwareProfile.vmSize');
  const storage = optionalObject(props, 'storageProfile', 'properties.storageProfile');
  const ref = optionalObject(storage, 'imageReference', 'properties.storageProfile.imageReference');
  const image = resolveImageReference(ctx, req, ref, location, 'properties.storageProfile.imageReference');
  const osProfile = optionalObject(props, 'osProfile', 'properties.osProfile');
  const computerName = stringAt(osProfile, 'computerName') ?? name;
  const nameProblem = computerNameProblem(computerName, image.osType);
  if (nameProblem) throw badRequest('InvalidParameter', `'properties.osProfile.computerName': ${nameProblem}`);
  requireString(osProfile, 'adminUsername', 'properties.osProfile.adminUsername');
  checkCredentials(osProfile, image.osType);

  const osDiskIn = optionalObject(storage, 'osDisk', 'properties.storageProfile.osDisk') ?? {};
  const diskName = stringAt(osDiskIn, 'name') ?? `${name}_OsDisk_1_${randomBytes(16).toString('hex')}`;
  const diskId = `${rgId}/providers/Microsoft.Compute/disks/${diskName}`;
  const diskDelete = deleteOption(osDiskIn.deleteOption, 'properties.storageProfile.osDisk.deleteOption');
  const storageAccountType = stringAt(objectAt(osDiskIn, 'managedDisk'), 'storageAccountType') ?? 'Premium_LRS';
  const diskSizeGB = osDiskSize(osDiskIn.diskSizeGB);
  const securityProfile = readSecurityProfile(props, { vmSize, imageArchitecture: image.architecture, imageSecurityType: image.requiredSecurityType, osDisk: osDiskIn });
  const diskSecurity = objectAt(objectAt(osDiskIn, 'managedDisk'), 'securityProfile');

  const network = optionalObject(props, 'networkProfile', 'properties.networkProfile');
  const configs = arrayAt(network, 'networkInterfaceConfigurations') ?? [];
  const attached = arrayAt(network, 'networkInterfaces') ?? [];
  if (configs.length === 0 && attached.length === 0) {
    throw badRequest('InvalidParameter', "'properties.networkProfile' needs 'networkInterfaceConfigurations' or 'networkInterfaces'.");
  }
  if (configs.length > 0 && !stringAt(network, 'networkApiVersion')) {
    throw badRequest('InvalidParameter', "'properties.networkProfile.networkApiVersion' is required with 'networkInterfaceConfigurations'.");
  }
  const nics: NicRecord[] = configs.map((config, i) => {
    const path = `properties.networkProfile.networkInterfaceConfigurations[${i}]`;
    if (!isObject(config)) throw badRequest('InvalidParameter', `'${path}' must be an object.`);
    const cfgName = requireString(config, 'name', `${path}.name`);
    const cfgProps = objectAt(config, 'properties') ?? {};
    const ipConfigs = arrayAt(cfgProps, 'ipConfigurations') ?? [];
    if (ipConfigs.length === 0) throw badRequest('InvalidParameter', `'${path}.properties.ipConfigurations' needs at least one entry.`);
    ipConfigs.forEach((ip, j) => {
      const subnetId = stringAt(objectAt(objectAt(ip, 'properties'), 'subnet'), 'id');
      const ipPath = `${path}.properties.ipConfigurations[${j}]`;
      if (!subnetId || !/\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/i.test(subnetId)) {
        throw badRequest('InvalidParameter', `'${ipPath}.properties.subnet.id' must be a subnet resource ID.`);
      }
      req.linked.push({ action: 'Microsoft.Network/virtualNetworks/subnets/join/action', scope: subnetId, reason: 'network interface joins the subnet' });
    });
    return {
      type: 'Microsoft.Network/networkInterfaces',
      id: `${rgId}/providers/Microsoft.Network/networkInterfaces/${name}-${cfgName}`,
      name: `${name}-${cfgName}`,
      location,
      tags: {},
      properties: {
        primary: cfgProps.primary ?? i === 0,
        deleteOption: deleteOption(cfgProps.deleteOption, `${path}.properties.deleteOption`),
        ipConfigurations: ipConfigs,
        virtualMachine: { id: vmId(p) },
        provisioningState: 'Succeeded',
      },
    };
  });
  const attachedNics = attachExistingNics(ctx, req, attached, vmId(p), deleteOption);

  const disk: DiskRecord = {
    type: 'Microsoft.Compute/disks',
    id: diskId,
    name: diskName,
    location,
    tags: {},
    properties: { osType: image.osType, diskSizeGB, creationData: { createOption: 'FromImage', imageReference: image.reference }, diskState: 'Attached', provisioningState: 'Succeeded' },
  };
  const { adminPassword: _secret, ...safeOsProfile } = osProfile ?? {};
  const vm: VmRecord = {
    type: 'Microsoft.Compute/virtualMachines',
    id: vmId(p),
    name,
    location,
    tags: {},
    power: 'starting',
    generalized: false,
    deprovisioned: false,
    nicIds: [...nics.map((n) => n.id), ...attachedNics.records.map((n) => n.id)],
    osDiskId: diskId,
    properties: {
      vmId: randomUUID(),
      hardwareProfile: { vmSize },
      ...(securityProfile ? { securityProfile } : {}),
      storageProfile: {
        imageReference: image.reference,
        osDisk: {
          osType: image.osType,
          name: diskName,
          createOption: 'FromImage',
          caching: stringAt(osDiskIn, 'caching') ?? 'ReadWrite',
          managedDisk: { id: diskId, storageAccountType, ...(diskSecurity ? { securityProfile: diskSecurity } : {}) },
          deleteOption: diskDelete,
          diskSizeGB,
        },
        dataDisks: [],
      },
      osProfile: { ...safeOsProfile, computerName },
      networkProfile: {
        ...(stringAt(network, 'networkApiVersion') ? { networkApiVersion: stringAt(network, 'networkApiVersion') } : {}),
        ...(configs.length > 0 ? { networkInterfaceConfigurations: configs } : {}),
        networkInterfaces: [...nics.map((n) => ({ id: n.id, properties: { primary: n.properties.primary ?? false, deleteOption: n.properties.deleteOption ?? 'Detach' } })), ...attachedNics.refs],
      },
      provisioningState: 'Creating',
      timeCreated: new Date(req.now).toISOString(),
    },
  };
  return { vm, disk, nics: [...nics, ...attachedNics.records], unpreparedImage: image.unprepared };
}

const POWER_TEXT: Record<VmRecord['power'], string> = {
  starting: 'VM starting',
  running: 'VM running',
  stopping: 'VM stopping',
  stopped: 'VM stopped',
  deallocating: 'VM deallocating',
  deallocated: 'VM deallocated',
};

export function instanceView(vm: VmRecord): JsonObject {
  const provisioning = String(vm.properties.provisioningState ?? 'Succeeded');
  const statuses: JsonObject[] = [
    { code: `ProvisioningState/${provisioning.toLowerCase()}`, level: provisioning === 'Failed' ? 'Error' : 'Info', displayStatus: `Provisioning ${provisioning.toLowerCase()}` },
    { code: `PowerState/${vm.power}`, level: 'Info', displayStatus: POWER_TEXT[vm.power] },
  ];
  if (vm.generalized) statuses.push({ code: 'OSState/generalized', level: 'Info', displayStatus: 'VM generalized' });
  return {
    computerName: String(objectAt(vm.properties, 'osProfile')?.computerName ?? vm.name),
    osName: String(objectAt(objectAt(vm.properties, 'storageProfile'), 'osDisk')?.osType ?? 'Linux'),
    statuses,
  };
}

export function vmView(vm: VmRecord, withInstanceView: boolean): JsonObject {
  const properties: JsonObject = { ...vm.properties };
  if (withInstanceView) properties.instanceView = instanceView(vm);
  return { ...envelope(vm, properties), ...(vm.identity ? { identity: vm.identity } : {}) };
}
