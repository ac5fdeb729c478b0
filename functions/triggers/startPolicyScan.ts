import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { HttpResponse as Response } from '@azure/functions';
import * as z from 'zod';
import type { Catalog } from '../../shared/domain/catalog';
import type { DeclaredAppRole } from '../../shared/domain/policy/appRoles';
import type { RunStore } from '../../shared/ports/runStore';
import { policyScan, type PolicyScanInput } from '../contracts';
import { validationFailed } from './http/errorResponse';
import { parseJsonBody } from './http/parseJsonBody';
import type { StartClient } from './http/startedResponse';
import { requestedByField, startRun } from './runs/startRun';
import { requestedByOf } from './http/authorize';
import type { RequestedBy } from '../../shared/domain/runs/runRecord';
import { policyScanInputFor } from './policyScanInput';
import { runLine } from './runs/runLine';

export interface PolicyTriggerDeps {
  catalog: Catalog;
  appRoles: DeclaredAppRole[];
  now: () => Date;
  runs: RunStore;
}

/**
 * Starts a `policy-scan-<yyyymmddhhmmss>-<6 hex>` run. Scans have no side effects and take no lock: two starts are two
 * runs, and the newest completed one is the report.
 */
export async function startPolicyScan(client: StartClient, deps: PolicyTriggerDeps, trigger: PolicyScanInput['trigger'], requestedBy?: RequestedBy) {
  const input = policyScanInputFor(deps.catalog, deps.appRoles, trigger);
  const outcome = await startRun({ runs: deps.runs, client, now: deps.now }, { kind: 'policy-scan', orchestrator: policyScan.name, trigger: trigger === 'http' ? 'http' : 'schedule', ...requestedByField(requestedBy), input: () => input });
  return { instanceId: outcome.instanceId, outcome };
}

/**
 * A scan takes no parameters (it scans what the catalog names): the body is empty or `{}`. Strict, so a field a
 * caller believes does something (`{"scope": …}`) is refused rather than silently ignored.
 */
export const startPolicyScanBody = z.strictObject({});

/**
 * `POST /api/policy/scans` → 202 with the check-status payload; the orchestration's output is the report. A bad body
 * is refused (400 VALIDATION_FAILED) before anything starts: a scan costs a few dozen ARM reads.
 */
export function createStartPolicyScanHandler(deps: PolicyTriggerDeps) {
  return async (request: HttpRequest, client: StartClient, context: InvocationContext): Promise<HttpResponse> => {
    const body = await parseJsonBody(request, startPolicyScanBody);
    if (!body.ok) return validationFailed(body.message, body.details);
    const { instanceId, outcome } = await startPolicyScan(client, deps, 'http', requestedByOf(request));
    context.log(runLine(outcome.started ? `started ${instanceId}` : `${instanceId} is already ${outcome.runtimeStatus}`, outcome, { trigger: 'http' }));
    const payload = client.createHttpManagementPayload(instanceId);
    return new Response({ status: 202, jsonBody: { ...payload, runId: instanceId }, headers: { Location: payload.statusQueryGetUri, 'Retry-After': '10' } });
  };
}
