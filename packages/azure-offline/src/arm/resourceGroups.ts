/** Microsoft.Resources resource groups: create, get, list (deleting groups is not emulated). */
import { notFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { pagedList, readTags, requireBody, requireLocation, requireSubscription, resourceGroupId } from './resourceCommon';
import { key, type ResourceGroupRecord } from './state';

function view(group: ResourceGroupRecord) {
  return { id: group.id, name: group.name, type: 'Microsoft.Resources/resourceGroups', location: group.location, tags: { ...group.tags }, properties: { provisioningState: 'Succeeded' } };
}

export function putResourceGroup(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const sub = req.params.subscriptionId ?? '';
  requireSubscription(ctx, sub);
  const body = requireBody(req);
  const location = requireLocation(body);
  const id = resourceGroupId(sub, req.params.resourceGroupName ?? '');
  const existing = ctx.store.state.resourceGroups[key(id)];
  const group: ResourceGroupRecord = { id: existing?.id ?? id, name: existing?.name ?? req.params.resourceGroupName ?? '', location, tags: readTags(body, existing?.tags) };
  ctx.store.state.resourceGroups[key(id)] = group;
  ctx.store.changed();
  return { status: existing ? 200 : 201, body: view(group) };
}

export function getResourceGroup(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const sub = req.params.subscriptionId ?? '';
  requireSubscription(ctx, sub);
  const group = ctx.store.state.resourceGroups[key(resourceGroupId(sub, req.params.resourceGroupName ?? ''))];
  if (!group) throw notFound('ResourceGroupNotFound', `Resource group '${req.params.resourceGroupName}' could not be found.`);
  return { status: 200, body: view(group) };
}

export function listResourceGroups(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const sub = req.params.subscriptionId ?? '';
  requireSubscription(ctx, sub);
  const prefix = `/subscriptions/${sub}/`.toLowerCase();
  const groups = Object.entries(ctx.store.state.resourceGroups).filter(([k]) => k.startsWith(prefix)).map(([, g]) => view(g));
  return pagedList(req, groups);
}
