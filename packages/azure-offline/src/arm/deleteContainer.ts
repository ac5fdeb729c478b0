import { conflict } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { startOperation } from './lro';
import type { ResourceRecord, ResourceType } from './state';

/**
 * DELETE of a resource that holds others (a gallery its definitions, a definition its versions): ARM refuses while
 * a child exists, else answers 202 and removes it through an LRO. A missing resource is 204, as ARM answers it.
 */
export function deleteContainer(
  ctx: EmulatorContext,
  req: ArmRequest,
  record: Extract<ResourceRecord, { properties: Record<string, unknown> }> | undefined,
  childType: ResourceType,
  names: { what: string; children: string },
): ArmResponse {
  if (!record) return { status: 204 };
  if (ctx.store.under(record.id, childType).length > 0) {
    throw conflict('CannotDeleteResource', `Can not delete resource before nested resources are deleted: ${names.what} '${record.name}' still has ${names.children}.`);
  }
  record.properties.provisioningState = 'Deleting';
  const headers = startOperation(ctx, req, {
    name: `${record.type}/delete`,
    subscriptionId: req.params.subscriptionId ?? '',
    location: record.location,
    seconds: 0,
    onSuccess: [{ kind: 'deleteResource', resourceId: record.id }],
    onFailure: [{ kind: 'provisioned', resourceId: record.id, state: 'Failed' }],
    resultStatus: 204,
  });
  return { status: 202, headers };
}
