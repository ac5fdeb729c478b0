import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { HttpResponse as Response } from '@azure/functions';
import type * as df from 'durable-functions';
import { quoted } from '../../shared/domain/quoted';
import { isFinishedRunStatus, type RunRecord } from '../../shared/domain/runs/runRecord';
import type { RunStore } from '../../shared/ports/runStore';
import { CANCEL_EVENT, type CancelRequest } from '../durable/cancellation';
import { apiError, notFound, validationFailed } from './http/errorResponse';
import { parseJsonBody } from './http/parseJsonBody';
import { requestedByOf } from './http/authorize';
import { runJson, settleRun } from './runs/runView';
import * as z from 'zod';

export type CancelClient = Pick<df.DurableClient, 'getStatus' | 'createHttpManagementPayload' | 'raiseEvent'>;

export const cancelRunBody = z.strictObject({});

async function askToStop(client: CancelClient, runs: RunStore, run: RunRecord, request: CancelRequest, context: InvocationContext): Promise<boolean> {
  try {
    await client.raiseEvent(run.runId, CANCEL_EVENT, request);
    return true;
  } catch (error) {
    // Ended between the read and the event: the caller answers from the settled record.
    const settled = await settleRun(runs, client, { ...run, status: 'Running' });
    if (isFinishedRunStatus(settled.status)) return false;
    context.warn(`cancelRun: ${run.runId}: the cancel event was not delivered: ${quoted(error, 300)}`);
    throw error;
  }
}

/**
 * `POST /api/runs/{runId}/cancel` → 202 with the run (docs/http-api.md#cancel-a-run): the run stops at its next step,
 * cleans up what it created (the build VM, a version it did not promote) and ends `Cancelled`. A scheduled run's
 * running builds are cancelled with it. 409 RUN_FINISHED when the run already ended; 404 for an unknown run.
 */
export function createCancelRunHandler(app: { ports: { runs: RunStore } }, now: () => Date = () => new Date()) {
  return async (request: HttpRequest, client: CancelClient, context: InvocationContext): Promise<HttpResponse> => {
    const body = await parseJsonBody(request, cancelRunBody);
    if (!body.ok) return validationFailed(body.message, body.details);
    const runId = request.params['runId'] ?? '';
    const record = await app.ports.runs.get(runId);
    if (record === null) return notFound(`no run ${JSON.stringify(runId.slice(0, 120))}`, 'runId');
    const run = await settleRun(app.ports.runs, client, record);
    const finished = () =>
      apiError(409, 'RUN_FINISHED', `run ${run.runId} already ended ${run.status}`, [{ path: 'runId', message: `ended ${run.status}` }]);
    if (isFinishedRunStatus(run.status)) return finished();

    const by = requestedByOf(request);
    const cancelRequest: CancelRequest = by === undefined ? {} : { requestedBy: by.name };
    if (!(await askToStop(client, app.ports.runs, run, cancelRequest, context))) return finished();
    // The first request's time stays: a second cancel of a run still stopping only asks again.
    const cancelRequestedAt = run.cancelRequestedAt ?? now().toISOString();
    if (run.cancelRequestedAt === undefined) await app.ports.runs.update(run.runId, { cancelRequestedAt });
    if (run.kind === 'rebuild-run') {
      const children = await app.ports.runs.list({ parentRunId: run.runId }, 1000);
      for (const child of children.runs) {
        if (isFinishedRunStatus(child.status)) continue;
        await askToStop(client, app.ports.runs, child, cancelRequest, context).catch(() => false);
      }
    }
    context.log(`cancelRun: asked ${run.runId} to stop`);
    const json = runJson({ ...run, cancelRequestedAt }, client);
    return new Response({ status: 202, jsonBody: json, headers: { Location: json.statusUrl } });
  };
}
