/**
 * `networkProfile.networkInterfaces` names network interfaces that exist on their own. ARM looks each one up (404
 * `NotFound` for a missing one) and refuses one another VM holds (400 `NicInUse`); the VM then owns it until it is
 * deleted, and its `deleteOption` decides whether the NIC goes with it.
 */
import { badRequest, notFound } from './armError';
import type { ArmRequest, EmulatorContext } from './context';
import { isObject, objectAt, stringAt, type Json, type JsonObject } from './json';
import type { NicRecord } from './state';

export interface AttachedNics {
  /** The entries of `networkProfile.networkInterfaces` as the VM returns them. */
  refs: JsonObject[];
  /** The NIC records, now owned by the VM. */
  records: NicRecord[];
}

export function attachExistingNics(
  ctx: EmulatorContext,
  req: ArmRequest,
  attached: readonly Json[],
  vmId: string,
  deleteOption: (value: unknown, path: string) => string,
): AttachedNics {
  const refs: JsonObject[] = [];
  const records: NicRecord[] = [];
  attached.forEach((entry, i) => {
    const path = `properties.networkProfile.networkInterfaces[${i}]`;
    const id = stringAt(entry, 'id');
    if (!isObject(entry) || !id) throw badRequest('InvalidParameter', `'${path}.id' is required.`);
    const nic = ctx.store.get(id, 'Microsoft.Network/networkInterfaces');
    if (!nic) throw notFound('NotFound', `Resource ${id} not found.`);
    const owner = stringAt(objectAt(nic.properties, 'virtualMachine'), 'id');
    if (owner && owner.toLowerCase() !== vmId.toLowerCase() && ctx.store.get(owner, 'Microsoft.Compute/virtualMachines')) {
      throw badRequest('NicInUse', `Network Interface ${nic.id} is used by existing resource ${owner}. In order to create a new resource, please remove the existing resource first.`);
    }
    req.linked.push({ action: 'Microsoft.Network/networkInterfaces/join/action', scope: nic.id, reason: 'virtual machine attaches the network interface' });
    const props = objectAt(entry, 'properties') ?? {};
    const primary = typeof props.primary === 'boolean' ? props.primary : i === 0;
    const option = deleteOption(props.deleteOption, `${path}.properties.deleteOption`);
    refs.push({ id: nic.id, properties: { primary, deleteOption: option } });
    records.push({ ...nic, properties: { ...nic.properties, primary, deleteOption: option, virtualMachine: { id: vmId } } });
  });
  return { refs, records };
}
