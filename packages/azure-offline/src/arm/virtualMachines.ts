/**
 * Microsoft.Compute/virtualMachines: create (LRO), get with instance view, list, power actions (LRO), generalize
 * (sync), delete (LRO, honouring deleteOption for the NICs and the OS disk).
 */
import { conflict, createOnlyRefused, resourceNotFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { objectAt, stringAt } from './json';
import { startOperation } from './lro';
import { normalizeRegion } from './regions';
import {
  expandIncludes, listInScope, pagedList, propertiesOf, readTags, requireBody, requireLocation, requireResourceGroup,
} from './resourceCommon';
import type { Effect, PowerState, VmRecord } from './state';
import { readVmIdentity } from './vmIdentity';
import { instanceView, parseNewVm, vmId, vmView } from './vmModel';

const TYPE = 'Microsoft.Compute/virtualMachines';

export function requireVm(ctx: EmulatorContext, p: Record<string, string>): VmRecord {
  requireResourceGroup(ctx, p.subscriptionId ?? '', p.resourceGroupName ?? '');
  const vm = ctx.store.get(vmId(p), TYPE);
  if (!vm) throw resourceNotFound(TYPE, p.vmName ?? '', p.resourceGroupName);
  return vm;
}

function busy(vm: VmRecord): boolean {
  const state = stringAt(vm.properties, 'provisioningState');
  return state === 'Creating' || state === 'Deleting';
}

export function putVm(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  requireResourceGroup(ctx, req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
  const body = requireBody(req);
  const location = requireLocation(body);
  const props = propertiesOf(body);
  const existing = ctx.store.get(vmId(req.params), TYPE);
  if (existing && req.createOnly) throw createOnlyRefused(TYPE, existing.name);
  if (existing) {
    if (normalizeRegion(existing.location) !== location) throw conflict('PropertyChangeNotAllowed', "Changing property 'location' is not allowed.");
    const image = objectAt(objectAt(props, 'storageProfile'), 'imageReference');
    const current = objectAt(objectAt(existing.properties, 'storageProfile'), 'imageReference');
    if (image && (stringAt(image, 'id') ?? '').toLowerCase() !== (stringAt(current, 'id') ?? '').toLowerCase()) {
      throw conflict('PropertyChangeNotAllowed', "Changing property 'properties.storageProfile.imageReference' is not allowed.");
    }
    existing.tags = readTags(body, existing.tags);
    const size = stringAt(objectAt(props, 'hardwareProfile'), 'vmSize');
    if (size) existing.properties.hardwareProfile = { vmSize: size };
    ctx.store.put(existing);
    return { status: 200, body: vmView(existing, false) };
  }
  const created = parseNewVm(ctx, req, body, props, location);
  if (created.unpreparedImage) {
    // What Azure reports when the guest of a generalized image was never deprovisioned.
    req.lroFailure ??= {
      code: 'OSProvisioningTimedOut',
      message: `OS Provisioning for VM '${created.vm.name}' did not finish in the allotted time. The image was likely not properly prepared (generalized): run the deprovision (waagent -deprovision / Sysprep) in the guest before capturing.`,
    };
  }
  created.vm.tags = readTags(body);
  const identity = readVmIdentity(ctx.store.state, body, req.now);
  if (identity) created.vm.identity = identity;
  ctx.store.put(created.vm);
  ctx.store.put(created.disk);
  for (const nic of created.nics) ctx.store.put(nic);
  const headers = startOperation(ctx, req, {
    name: `${TYPE}/write`,
    subscriptionId: req.params.subscriptionId ?? '',
    location,
    seconds: ctx.settings.provisioningSeconds,
    onSuccess: [{ kind: 'provisioned', resourceId: created.vm.id, state: 'Succeeded' }, { kind: 'vmPower', vmId: created.vm.id, power: 'running' }],
    onFailure: [{ kind: 'provisioned', resourceId: created.vm.id, state: 'Failed' }, { kind: 'vmPower', vmId: created.vm.id, power: 'stopped' }],
    resultStatus: 200,
  });
  return { status: 201, body: vmView(created.vm, false), headers };
}

export function patchVm(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const vm = requireVm(ctx, req.params);
  const body = requireBody(req);
  vm.tags = readTags(body, vm.tags);
  ctx.store.put(vm);
  return { status: 200, body: vmView(vm, false) };
}

export function getVm(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  return { status: 200, body: vmView(requireVm(ctx, req.params), expandIncludes(req, 'instanceView')) };
}

export function getVmInstanceView(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  return { status: 200, body: instanceView(requireVm(ctx, req.params)) };
}

export function listVms(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const withView = expandIncludes(req, 'instanceView');
  return pagedList(req, listInScope(ctx, req, TYPE).map((vm) => vmView(vm, withView)));
}

function powerAction(name: string, during: PowerState, after: PowerState, allowed: (vm: VmRecord) => string | undefined) {
  return (ctx: EmulatorContext, req: ArmRequest): ArmResponse => {
    const vm = requireVm(ctx, req.params);
    const problem = busy(vm) ? `the VM is '${stringAt(vm.properties, 'provisioningState')}'` : allowed(vm);
    if (problem) throw conflict('OperationNotAllowed', `Operation '${name}' is not allowed on VM '${vm.name}' since ${problem}.`);
    const before = vm.power;
    vm.power = during;
    ctx.store.put(vm);
    const headers = startOperation(ctx, req, {
      name: `${TYPE}/${name}/action`,
      subscriptionId: req.params.subscriptionId ?? '',
      location: vm.location,
      seconds: ctx.settings.provisioningSeconds,
      onSuccess: [{ kind: 'vmPower', vmId: vm.id, power: after }],
      onFailure: [{ kind: 'vmPower', vmId: vm.id, power: before }],
      resultStatus: 200,
    });
    return { status: 202, headers };
  };
}

export const deallocateVm = powerAction('deallocate', 'deallocating', 'deallocated', () => undefined);
export const powerOffVm = powerAction('powerOff', 'stopping', 'stopped', (vm) => (vm.power === 'deallocated' ? 'the VM is deallocated' : undefined));
// A reboot: the VM reports starting until the operation ends, then running again.
export const restartVm = powerAction('restart', 'starting', 'running', (vm) => (vm.power === 'running' || vm.power === 'starting' ? undefined : `the VM is ${vm.power}; only a running VM restarts`));
export const startVm = powerAction('start', 'starting', 'running', (vm) => (vm.generalized ? 'the VM is generalized' : undefined));

export function generalizeVm(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const vm = requireVm(ctx, req.params);
  if (vm.power !== 'stopped' && vm.power !== 'deallocated') {
    throw conflict('OperationNotAllowed', `Operation 'generalize' is not allowed on VM '${vm.name}' since the VM is ${vm.power}; stop or deallocate it first.`);
  }
  vm.generalized = true;
  ctx.store.put(vm);
  return { status: 200 };
}

export function deleteVm(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  requireResourceGroup(ctx, req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
  const vm = ctx.store.get(vmId(req.params), TYPE);
  if (!vm) return { status: 204 };
  vm.properties.provisioningState = 'Deleting';
  ctx.store.put(vm);
  const effects: Effect[] = [{ kind: 'deleteResource', resourceId: vm.id }];
  for (const nic of vm.nicIds) {
    const record = ctx.store.get(nic, 'Microsoft.Network/networkInterfaces');
    if (!record) continue;
    // A detached NIC outlives the VM and is free for the next one.
    effects.push(record.properties.deleteOption === 'Delete' ? { kind: 'deleteResource', resourceId: record.id } : { kind: 'setProperty', resourceId: record.id, property: 'virtualMachine', value: null });
  }
  if (objectAt(objectAt(vm.properties, 'storageProfile'), 'osDisk')?.deleteOption === 'Delete') {
    effects.push({ kind: 'deleteResource', resourceId: vm.osDiskId });
  }
  for (const command of ctx.store.under(vm.id, 'Microsoft.Compute/virtualMachines/runCommands')) {
    effects.push({ kind: 'deleteResource', resourceId: command.id });
  }
  const headers = startOperation(ctx, req, {
    name: `${TYPE}/delete`,
    subscriptionId: req.params.subscriptionId ?? '',
    location: vm.location,
    seconds: ctx.settings.provisioningSeconds,
    onSuccess: effects,
    onFailure: [{ kind: 'provisioned', resourceId: vm.id, state: 'Failed' }],
    resultStatus: 204,
  });
  return { status: 202, headers };
}
