import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import * as z from 'zod';
import * as contracts from '../contracts';
import { lockKeys } from '../../shared/domain/runs/lockKeys';
import { buildInputFor, type PipelineApp } from './buildInputs';
import { validationFailed } from './http/errorResponse';
import { routeImage } from './http/imageNameProblem';
import { parseJsonBody } from './http/parseJsonBody';
import { startedResponse, type StartClient } from './http/startedResponse';
import { requestedByField, startRun } from './runs/startRun';
import { requestedByOf } from './http/authorize';
import type { ReportClient } from './latestPolicyReport';
import { checkPolicyGate, policyBlockedResponse } from './policyGate';
import { runLine } from './runs/runLine';

export const startBuildBody = z.strictObject({ reason: z.string().min(1).max(500).optional() });

/**
 * `POST /api/images/{image}/builds`: an on-demand build always builds (rebuild policy is for scheduled runs), unless
 * the catalog says `enforce: block` and the latest policy report has high findings (403 POLICY_BLOCKED).
 */
export function createStartBuildHandler(app: PipelineApp) {
  return async (request: HttpRequest, client: StartClient & ReportClient, context: InvocationContext): Promise<HttpResponse> => {
    const body = await parseJsonBody(request, startBuildBody);
    if (!body.ok) return validationFailed(body.message, body.details);
    const named = routeImage(app.catalog, request);
    if (!named.ok) return named.response;
    const image = named.image;
    const gate = await checkPolicyGate(client, app.catalog, new Date());
    if (gate.blocked) return policyBlockedResponse(gate, image.name);
    const reason = body.value.reason ?? null;
    const lockKey = lockKeys.build(image.name);
    const outcome = await startRun(
      { runs: app.ports.runs, client, now: () => new Date() },
      {
        kind: 'build',
        orchestrator: contracts.buildImage.name,
        trigger: 'http',
        ...requestedByField(requestedByOf(request)),
        image: image.name,
        ...(reason === null ? {} : { reason }),
        lockKey,
        input: () => ({ ...buildInputFor(app, image, 'http', reason), runLock: lockKey }),
      },
    );
    context.log(runLine(outcome.started ? `started ${outcome.instanceId}` : `a build of ${image.name} is already ${outcome.runtimeStatus}: ${outcome.instanceId}`, outcome, { image: image.name, trigger: 'http' }));
    return startedResponse(client, outcome, { code: 'BUILD_RUNNING', message: `a build of ${image.name} is already running` });
  };
}
