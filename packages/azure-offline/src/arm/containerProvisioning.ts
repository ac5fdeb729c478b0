/**
 * Galleries and image definitions are long-running on create, as in ARM: the PUT answers 201 `Creating` with
 * `Azure-AsyncOperation`, and the resource turns `Succeeded` after `provisioningSeconds` on the clock. Clients that
 * only wait for the poller see no difference; clients that read right away see `Creating`.
 */
import { conflict } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { envelope } from './resourceCommon';
import { startOperation } from './lro';
import { stringAt } from './json';
import type { GalleryRecord, ImageRecord } from './state';

export function createContainer(ctx: EmulatorContext, req: ArmRequest, record: GalleryRecord | ImageRecord): ArmResponse {
  record.properties.provisioningState = 'Creating';
  ctx.store.put(record);
  const headers = startOperation(ctx, req, {
    name: `${record.type}/write`,
    subscriptionId: req.params.subscriptionId ?? '',
    location: record.location,
    seconds: ctx.settings.provisioningSeconds,
    onSuccess: [{ kind: 'provisioned', resourceId: record.id, state: 'Succeeded' }],
    onFailure: [{ kind: 'provisioned', resourceId: record.id, state: 'Failed' }],
    resultStatus: 200,
  });
  return { status: 201, body: envelope(record), headers };
}

/** An update while the create (or a delete) still runs is refused, like ARM's conflict for a busy resource. */
export function refuseWhileBusy(record: GalleryRecord | ImageRecord, what: string): void {
  const state = stringAt(record.properties, 'provisioningState');
  if (state === 'Creating' || state === 'Deleting') {
    throw conflict('OperationNotAllowed', `The ${what} '${record.name}' is '${state}'; wait for the running operation to finish.`);
  }
}
