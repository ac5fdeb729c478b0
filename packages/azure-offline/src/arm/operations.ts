/** GET handlers for the operation status (`Azure-AsyncOperation`) and result (`Location`) resources. */
import { notFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { operationResult, operationStatusBody } from './lro';
import type { OperationRecord } from './state';

function requireOperation(ctx: EmulatorContext, req: ArmRequest): OperationRecord {
  const op = ctx.store.state.operations[req.params.operationId ?? ''];
  if (!op || op.subscriptionId.toLowerCase() !== (req.params.subscriptionId ?? '').toLowerCase()) {
    throw notFound('OperationNotFound', `The operation '${req.params.operationId}' was not found in location '${req.params.location}'.`);
  }
  return op;
}

export function getOperationStatus(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  return { status: 200, body: operationStatusBody(requireOperation(ctx, req), req.now) };
}

export function getOperationResult(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  return operationResult(ctx, req, requireOperation(ctx, req));
}
