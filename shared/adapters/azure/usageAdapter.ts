import type { VirtualMachine, VirtualMachineScaleSet } from '@azure/arm-compute';
import { normalizeRegion } from '../../domain/regions';
import type { ImageUser, ImageUserKind, UsagePort } from '../../ports/usagePort';
import { PortError } from '../../ports/portError';
import type { ClientFor } from './clientFor';
import { armCall } from './toPortError';

interface ParsedScope {
  subscriptionId: string;
  resourceGroup: string | null;
}

/** `/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{name}`, any case (the catalog validated the form). */
export function parseUsageScope(scope: string): ParsedScope {
  const match = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?\/?$/i.exec(scope.replace(/\/{2,}/g, '/'));
  if (!match?.[1]) throw new PortError('BAD_REQUEST', `not a subscription or resource group scope: ${JSON.stringify(scope.slice(0, 300))}`);
  return { subscriptionId: match[1], resourceGroup: match[2] ?? null };
}

function toUser(kind: ImageUserKind, id: string | undefined, location: string, imageId: string | undefined): ImageUser[] {
  // Marketplace and shared/community references carry no `id`: they can never be one of our versions.
  if (id === undefined || imageId === undefined || imageId === '') return [];
  return [{ id, kind, location: normalizeRegion(location), imageId }];
}

function fromVm(vm: VirtualMachine): ImageUser[] {
  return toUser('virtualMachine', vm.id, vm.location, vm.storageProfile?.imageReference?.id);
}

function fromScaleSet(ss: VirtualMachineScaleSet): ImageUser[] {
  return toUser('virtualMachineScaleSet', ss.id, ss.location, ss.virtualMachineProfile?.storageProfile?.imageReference?.id);
}

/**
 * Usage by listing, never a read per version: a subscription scope uses the subscription-wide lists, a resource group
 * scope the group's lists; each is one paged call whatever the number of versions being judged.
 */
export function createUsageAdapter(clientFor: ClientFor): UsagePort {
  return {
    listImageUsers: (scope) =>
      armCall(`list VMs and scale sets in ${scope}`, async () => {
        const { subscriptionId, resourceGroup } = parseUsageScope(scope);
        const client = clientFor(subscriptionId);
        const out: ImageUser[] = [];
        const vms = resourceGroup === null ? client.virtualMachines.listAll() : client.virtualMachines.list(resourceGroup);
        for await (const vm of vms) for (const user of fromVm(vm)) out.push(user);
        const sets = resourceGroup === null ? client.virtualMachineScaleSets.listAll() : client.virtualMachineScaleSets.list(resourceGroup);
        for await (const ss of sets) for (const user of fromScaleSet(ss)) out.push(user);
        return out;
      }),
  };
}
