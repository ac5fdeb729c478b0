/**
 * Long-running operations the way ARM does them: the first answer carries `Azure-AsyncOperation` (status resource)
 * and `Location` (result resource); both live under this host so every poll shows up in the request log. Status is
 * computed from the clock, and the operation's effects are timers `settle` applies when their time comes.
 */
import { randomUUID } from 'node:crypto';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import type { Json } from './json';
import type { Effect, OperationRecord } from './state';
import { normalizeRegion } from './regions';

export interface OperationSpec {
  name: string;
  subscriptionId: string;
  location: string;
  seconds: number;
  onSuccess: Effect[];
  onFailure: Effect[];
  resultStatus: number;
  result?: Json;
}

export function startOperation(ctx: EmulatorContext, req: ArmRequest, spec: OperationSpec): Record<string, string> {
  const id = randomUUID();
  const endAt = req.now + spec.seconds * 1000;
  const operation: OperationRecord = {
    id,
    subscriptionId: spec.subscriptionId,
    location: normalizeRegion(spec.location),
    name: spec.name,
    startAt: req.now,
    endAt,
    resultStatus: spec.resultStatus,
    ...(spec.result !== undefined ? { result: spec.result } : {}),
    ...(req.lroFailure ? { error: req.lroFailure } : {}),
  };
  const state = ctx.store.state;
  state.operations[id] = operation;
  for (const effect of req.lroFailure ? spec.onFailure : spec.onSuccess) state.timers.push({ at: endAt, effect });
  ctx.store.changed();
  const headers = operationHeaders(ctx, req.origin, operation, req.apiVersion);
  // A PUT/PATCH result is the resource itself (the SDK re-reads the request URL); only actions and deletes get a
  // separate result resource. A Location on a PATCH would make the SDK read the empty operation result instead.
  if (req.method === 'PUT' || req.method === 'PATCH') delete headers.Location;
  return headers;
}

export function operationHeaders(ctx: EmulatorContext, origin: string, op: OperationRecord, apiVersion: string): Record<string, string> {
  const base = `${origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.Compute/locations/${op.location}`;
  const query = `?api-version=${encodeURIComponent(apiVersion)}`;
  const headers: Record<string, string> = {
    'Azure-AsyncOperation': `${base}/operations/${op.id}${query}`,
    Location: `${base}/operationResults/${op.id}${query}`,
  };
  if (ctx.settings.pollRetryAfterSeconds > 0) headers['Retry-After'] = String(ctx.settings.pollRetryAfterSeconds);
  return headers;
}

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

export function operationStatus(op: OperationRecord, now: number): OperationStatus {
  if (now < op.endAt) return 'InProgress';
  return op.error ? 'Failed' : 'Succeeded';
}

/** The Azure-AsyncOperation status resource. */
export function operationStatusBody(op: OperationRecord, now: number): Record<string, unknown> {
  const status = operationStatus(op, now);
  return {
    name: op.id,
    status,
    startTime: new Date(op.startAt).toISOString(),
    ...(status === 'InProgress' ? {} : { endTime: new Date(op.endAt).toISOString() }),
    ...(status === 'Failed' && op.error ? { error: op.error } : {}),
  };
}

/** The Location (operationResults) resource: 202 while running, then the operation's result status. */
export function operationResult(ctx: EmulatorContext, req: ArmRequest, op: OperationRecord): ArmResponse {
  const status = operationStatus(op, req.now);
  if (status === 'InProgress') return { status: 202, headers: operationHeaders(ctx, req.origin, op, req.apiVersion) };
  if (status === 'Failed' && op.error) return { status: 200, body: { status: 'Failed', error: op.error } };
  return { status: op.resultStatus, ...(op.result !== undefined ? { body: op.result } : {}) };
}
