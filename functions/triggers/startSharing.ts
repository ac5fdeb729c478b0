import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import * as z from 'zod';
import { requestedByOf, requireRole } from './http/authorize';
import { dryRunAnswer, type DryRunClient } from './http/dryRunAnswer';
import { validationFailed } from './http/errorResponse';
import { parseJsonBody } from './http/parseJsonBody';
import { startedResponse } from './http/startedResponse';
import { startSharingRun, type SharingApp } from './sharingInput';

/** `{ "apply": false }` (the default, also for an empty body) plans; `{ "apply": true }` changes. Nothing else. */
export const startSharingBody = z.strictObject({ apply: z.boolean().default(false) });

/**
 * `POST /api/sharing`. Both modes start a sharing run of `reconcileSharing`, so a dry run's plan comes from the same
 * reads and planner as an applied one and is kept as that run's output. A dry run waits for it and answers 200 with
 * the plan; `apply: true` answers 202 at once. Either answers 409 SHARING_RUNNING while a sharing run holds the lock.
 */
export function createStartSharingHandler(app: SharingApp) {
  return async (request: HttpRequest, client: DryRunClient, context: InvocationContext): Promise<HttpResponse> => {
    const body = await parseJsonBody(request, startSharingBody);
    if (!body.ok) return validationFailed(body.message, body.details);
    const apply = body.value.apply;
    if (apply) {
      const forbidden = requireRole(request, context, 'Admin', 'a sharing run with apply: true');
      if (forbidden !== null) return forbidden;
    }
    const outcome = await startSharingRun(app, client, apply, 'http', requestedByOf(request));
    context.log(outcome.started ? `started ${outcome.instanceId} (apply=${apply})` : `a sharing run is already ${outcome.runtimeStatus}: ${outcome.instanceId}`);
    if (!outcome.started || apply) return startedResponse(client, outcome, { code: 'SHARING_RUNNING', message: 'a sharing run is already running' });
    return dryRunAnswer(client, request, outcome.instanceId, 'the sharing dry run');
  };
}
