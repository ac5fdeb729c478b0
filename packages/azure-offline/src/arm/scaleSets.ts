/** Microsoft.Compute/virtualMachineScaleSets: enough to reference an image (create, get, list). */
import { badRequest, resourceNotFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { resolveImageReference } from './imageReference';
import { objectAt, type JsonObject } from './json';
import { startOperation } from './lro';
import {
  envelope, listInScope, optionalObject, pagedList, propertiesOf, readTags, requireBody, requireLocation, requireResourceGroup, resourceGroupId,
} from './resourceCommon';
import type { ScaleSetRecord } from './state';

const TYPE = 'Microsoft.Compute/virtualMachineScaleSets';

function scaleSetId(p: Record<string, string>): string {
  return `${resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '')}/providers/${TYPE}/${p.vmScaleSetName ?? ''}`;
}

export function scaleSetView(record: ScaleSetRecord): JsonObject {
  return { ...envelope(record), sku: record.sku };
}

export function putScaleSet(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  requireResourceGroup(ctx, req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
  const body = requireBody(req);
  const location = requireLocation(body);
  const props = propertiesOf(body);
  const profile = optionalObject(props, 'virtualMachineProfile', 'properties.virtualMachineProfile');
  const storage = optionalObject(profile, 'storageProfile', 'properties.virtualMachineProfile.storageProfile');
  const ref = optionalObject(storage, 'imageReference', 'properties.virtualMachineProfile.storageProfile.imageReference');
  const image = resolveImageReference(ctx, req, ref, location, 'properties.virtualMachineProfile.storageProfile.imageReference');
  const sku = objectAt(body, 'sku') ?? { name: 'Standard_D2s_v5', tier: 'Standard', capacity: 0 };
  if (sku.capacity !== undefined && (typeof sku.capacity !== 'number' || !Number.isInteger(sku.capacity) || sku.capacity < 0)) {
    throw badRequest('InvalidParameter', "'sku.capacity' must be a non-negative integer.");
  }
  const id = scaleSetId(req.params);
  const existing = ctx.store.get(id, TYPE);
  const record: ScaleSetRecord = {
    type: TYPE,
    id: existing?.id ?? id,
    name: req.params.vmScaleSetName ?? '',
    location,
    tags: readTags(body, existing?.tags),
    sku,
    properties: {
      ...props,
      virtualMachineProfile: { ...(profile ?? {}), storageProfile: { ...(storage ?? {}), imageReference: image.reference } },
      provisioningState: 'Creating',
    },
  };
  ctx.store.put(record);
  const headers = startOperation(ctx, req, {
    name: `${TYPE}/write`,
    subscriptionId: req.params.subscriptionId ?? '',
    location,
    seconds: ctx.settings.provisioningSeconds,
    onSuccess: [{ kind: 'provisioned', resourceId: record.id, state: 'Succeeded' }],
    onFailure: [{ kind: 'provisioned', resourceId: record.id, state: 'Failed' }],
    resultStatus: 200,
  });
  return { status: existing ? 200 : 201, body: scaleSetView(record), headers };
}

export function getScaleSet(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  requireResourceGroup(ctx, req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
  const record = ctx.store.get(scaleSetId(req.params), TYPE);
  if (!record) throw resourceNotFound(TYPE, req.params.vmScaleSetName ?? '', req.params.resourceGroupName);
  return { status: 200, body: scaleSetView(record) };
}

export function listScaleSets(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  return pagedList(req, listInScope(ctx, req, TYPE).map(scaleSetView));
}
