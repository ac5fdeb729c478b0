import { HttpResponse, type HttpRequest } from '@azure/functions';
import type * as df from 'durable-functions';
import { apiError } from './errorResponse';
import { tryGetStatus, type StartClient } from './startedResponse';
import { routeErrorResponse } from './withApiErrors';

export type DryRunClient = StartClient & Pick<df.DurableClient, 'waitForCompletionOrCreateCheckStatusResponse'>;

/** How long a dry run may take before the caller gets the 202 check-status payload instead of the plan. */
export const DRY_RUN_WAIT_MS = 60_000;

/**
 * Waits for a dry run (a few ARM reads, no timers) and answers 200 with its output, the plan, naming the run so the
 * plan can be found again in the history; 202 with the check-status payload if it takes longer. `what` names the run
 * in errors ("the dry run of web").
 */
export async function dryRunAnswer(client: DryRunClient, request: HttpRequest, instanceId: string, what: string): Promise<HttpResponse> {
  const response = await client.waitForCompletionOrCreateCheckStatusResponse(request, instanceId, {
    timeoutInMilliseconds: DRY_RUN_WAIT_MS,
    retryIntervalInMilliseconds: 250,
  });
  // The SDK answers a failed instance with a bare 500 status dump; keep the API's error shape instead, and say
  // when it was Azure that failed (throttled or unavailable after the retries): then waiting helps.
  if (response.status === 500) {
    const failure = JSON.stringify((await tryGetStatus(client, instanceId))?.output ?? '');
    const azure = /\b(THROTTLED|ARM_UNAVAILABLE)\b/.exec(failure)?.[1];
    if (azure !== undefined) {
      const code = azure === 'THROTTLED' ? 'ARM_THROTTLED' : 'ARM_UNAVAILABLE';
      const message = `${what} could not read Azure (${azure}); see instance ${instanceId}`;
      return routeErrorResponse({ status: 503, code, message, retryAfterSeconds: 30 });
    }
    return apiError(500, 'INTERNAL', `${what} failed; see instance ${instanceId}`);
  }
  if (response.status !== 200) return response;
  const plan: unknown = await response.json();
  const answer = typeof plan === 'object' && plan !== null ? { ...plan, runId: instanceId } : plan;
  return new HttpResponse({ status: 200, jsonBody: answer });
}
