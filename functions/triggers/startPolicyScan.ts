import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { HttpResponse as Response } from '@azure/functions';
import type { Catalog } from '../../shared/domain/catalog';
import type { DeclaredAppRole } from '../../shared/domain/policy/appRoles';
import { policyScanInstanceId } from '../durable/instanceIds';
import { policyScan, type PolicyScanInput } from '../contracts';
import { startUnlessRunning, type StartClient } from './http/startUnlessRunning';
import { policyScanInputFor } from './policyScanInput';

export interface PolicyTriggerDeps {
  catalog: Catalog;
  appRoles: DeclaredAppRole[];
  now: () => Date;
}

/**
 * Starts `policy-scan-<yyyymmddhhmmss>`. Two starts within one second name the same instance; the second is answered
 * with that instance (202 and its status URLs) because a scan has no side effects worth refusing over.
 */
export async function startPolicyScan(client: StartClient, deps: PolicyTriggerDeps, trigger: PolicyScanInput['trigger']) {
  const instanceId = policyScanInstanceId(deps.now());
  const outcome = await startUnlessRunning(client, policyScan.name, instanceId, policyScanInputFor(deps.catalog, deps.appRoles, trigger));
  return { instanceId, outcome };
}

/** `POST /api/policy/scans` → 202 with the check-status payload; the orchestration's output is the report. */
export function createStartPolicyScanHandler(deps: PolicyTriggerDeps) {
  return async (_request: HttpRequest, client: StartClient, context: InvocationContext): Promise<HttpResponse> => {
    const { instanceId, outcome } = await startPolicyScan(client, deps, 'http');
    context.log(outcome.started ? `started ${instanceId}` : `${instanceId} is already ${outcome.runtimeStatus}`);
    const payload = client.createHttpManagementPayload(instanceId);
    return new Response({ status: 202, jsonBody: payload, headers: { Location: payload.statusQueryGetUri, 'Retry-After': '10' } });
  };
}
