/** Managed disks and network interfaces: created alongside VMs; read and deleted here so deleteOption is observable. */
import { resourceNotFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { startOperation } from './lro';
import { envelope, pagedList, requireResourceGroup, resourceGroupId } from './resourceCommon';

type AttachedType = 'Microsoft.Compute/disks' | 'Microsoft.Network/networkInterfaces';

function idOf(type: AttachedType, p: Record<string, string>): string {
  return `${resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '')}/providers/${type}/${p.name ?? ''}`;
}

export function getAttached(type: AttachedType) {
  return (ctx: EmulatorContext, req: ArmRequest): ArmResponse => {
    requireResourceGroup(ctx, req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
    const record = ctx.store.get(idOf(type, req.params), type);
    if (!record) throw resourceNotFound(type, req.params.name ?? '', req.params.resourceGroupName);
    return { status: 200, body: envelope(record) };
  };
}

export function listAttached(type: AttachedType) {
  return (ctx: EmulatorContext, req: ArmRequest): ArmResponse => {
    const p = req.params;
    requireResourceGroup(ctx, p.subscriptionId ?? '', p.resourceGroupName ?? '');
    return pagedList(req, ctx.store.under(resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? ''), type).map((r) => envelope(r)));
  };
}

export function deleteAttached(type: AttachedType) {
  return (ctx: EmulatorContext, req: ArmRequest): ArmResponse => {
    requireResourceGroup(ctx, req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
    const record = ctx.store.get(idOf(type, req.params), type);
    if (!record) return { status: 204 };
    const headers = startOperation(ctx, req, {
      name: `${type}/delete`,
      subscriptionId: req.params.subscriptionId ?? '',
      location: record.location,
      seconds: 0,
      onSuccess: [{ kind: 'deleteResource', resourceId: record.id }],
      onFailure: [],
      resultStatus: 204,
    });
    return { status: 202, headers };
  };
}
