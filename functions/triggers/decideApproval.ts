import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { HttpResponse as Response } from '@azure/functions';
import type * as df from 'durable-functions';
import * as z from 'zod';
import { APPROVAL_EVENT, AWAITING_APPROVAL_STEP, type ApprovalDecision } from '../contracts';
import { isProgress } from '../durable/progress';
import { isFinishedRunStatus } from '../../shared/domain/runs/runRecord';
import type { RunStore } from '../../shared/ports/runStore';
import { apiError, notFound, validationFailed } from './http/errorResponse';
import { parseJsonBody } from './http/parseJsonBody';
import { runJson, settleRun } from './runs/runView';

export type ApprovalClient = Pick<df.DurableClient, 'getStatus' | 'createHttpManagementPayload' | 'raiseEvent'>;

export const approvalBody = z.strictObject({
  comment: z.string().trim().min(1, { error: 'must not be empty (omit it for none)' }).max(1000, { error: 'must be at most 1000 characters' }).optional(),
});

/**
 * `POST /api/runs/{runId}/approve` and `/reject` → 202 with the run (docs/http-api.md#approve-or-reject-a-validated-version):
 * raises the run's `approval` event. Only a run whose status shows the `awaiting-approval` step is waiting for one:
 * any other run answers 409 RUN_NOT_WAITING (an event raised into a run not waiting would be held and decide a later
 * wait nobody has seen); 404 for an unknown run.
 */
export function createDecideApprovalHandler(app: { ports: { runs: RunStore } }, decision: ApprovalDecision['decision'], now: () => Date = () => new Date()) {
  return async (request: HttpRequest, client: ApprovalClient, context: InvocationContext): Promise<HttpResponse> => {
    const body = await parseJsonBody(request, approvalBody);
    if (!body.ok) return validationFailed(body.message, body.details);
    const runId = request.params['runId'] ?? '';
    const record = await app.ports.runs.get(runId);
    if (record === null) return notFound(`no run ${JSON.stringify(runId.slice(0, 120))}`, 'runId');
    const run = await settleRun(app.ports.runs, client, record);
    const status = isFinishedRunStatus(run.status) ? undefined : await client.getStatus(run.runId, { showInput: false });
    const progress: unknown = status?.customStatus;
    const step = isProgress(progress) ? progress.step : undefined;
    if (step !== AWAITING_APPROVAL_STEP) {
      const now = isFinishedRunStatus(run.status) ? `ended ${run.status}` : `is at step ${step ?? 'start'}`;
      return apiError(409, 'RUN_NOT_WAITING', `run ${run.runId} is not waiting for approval: it ${now}`, [{ path: 'runId', message: `not at step ${AWAITING_APPROVAL_STEP}` }]);
    }
    const event: ApprovalDecision = { decision, at: now().toISOString(), ...(body.value.comment === undefined ? {} : { comment: body.value.comment }) };
    await client.raiseEvent(run.runId, APPROVAL_EVENT, event);
    context.log(`${decision}Run: raised ${APPROVAL_EVENT} (${decision}) on ${run.runId}`);
    const json = runJson(run, client);
    return new Response({ status: 202, jsonBody: json, headers: { Location: json.statusUrl } });
  };
}
