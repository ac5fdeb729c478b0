import type * as df from 'durable-functions';
import { HttpResponse } from '@azure/functions';
import type { ApiErrorCode } from './errorResponse';

/** The slice of the durable client these helpers use (typed fakes implement just this). */
export type StartClient = Pick<df.DurableClient, 'getStatus' | 'startNew' | 'createHttpManagementPayload'>;

/** `finished`: not running, but ended in a state the caller keeps (see `keep`), so nothing was started. */
export type StartOutcome =
  | { started: true; instanceId: string }
  | { started: false; instanceId: string; runtimeStatus: string; finished?: df.DurableOrchestrationStatus };

/** The durable client throws on 404 instead of returning undefined (packages/azure-offline/docs/host-protocol.md §7). */
export async function tryGetStatus(client: Pick<df.DurableClient, 'getStatus'>, instanceId: string): Promise<df.DurableOrchestrationStatus | undefined> {
  try {
    return await client.getStatus(instanceId);
  } catch (error) {
    if (error instanceof Error && /\b404\b/.test(error.message)) return undefined;
    throw error;
  }
}

/**
 * 202 with the check-status payload and Location — plus the finished instance's `runtimeStatus` and `output` when it
 * was kept instead of started (the route's contract is 202 either way: clients follow the status URL alike); or 409
 * with the running instance's payload under `instance`.
 */
export function startedResponse(
  client: StartClient,
  outcome: StartOutcome,
  conflict: { code: ApiErrorCode; message: string },
): HttpResponse {
  const payload = client.createHttpManagementPayload(outcome.instanceId);
  if (!outcome.started && outcome.finished !== undefined) {
    return new HttpResponse({
      status: 202,
      jsonBody: { ...payload, runId: outcome.instanceId, runtimeStatus: outcome.runtimeStatus, output: outcome.finished.output as unknown },
      headers: { Location: payload.statusQueryGetUri },
    });
  }
  if (outcome.started) {
    return new HttpResponse({
      status: 202,
      jsonBody: { ...payload, runId: outcome.instanceId },
      headers: { Location: payload.statusQueryGetUri, 'Retry-After': '10' },
    });
  }
  return new HttpResponse({
    status: 409,
    // The running run is named in the message for people and as `runId` for scripts (it is the instance ID too).
    jsonBody: {
      error: { code: conflict.code, message: `${conflict.message}: run ${outcome.instanceId}`, details: [{ path: 'runId', message: outcome.instanceId }] },
      runId: outcome.instanceId,
      instance: payload,
    },
    headers: { Location: payload.statusQueryGetUri },
  });
}
