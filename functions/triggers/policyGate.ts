import type { HttpResponse } from '@azure/functions';
import type { Catalog } from '../../shared/domain/catalog';
import { policyBlocksBuild, type PolicyGate } from '../../shared/domain/policy/policyBlocksBuild';
import { apiError } from './http/errorResponse';
import { latestPolicyReport, type ReportClient } from './latestPolicyReport';

/**
 * `enforce: block`: the gate a build trigger consults before starting a build (HTTP answers 403 POLICY_BLOCKED,
 * scheduled runs record `blocked`). Reads the latest completed report; none yet means not blocked.
 */
export async function checkPolicyGate(client: ReportClient, catalog: Pick<Catalog, 'policy'>, now: Date): Promise<PolicyGate> {
  if (catalog.policy.enforce !== 'block') return { blocked: false };
  const latest = await latestPolicyReport(client, now);
  return policyBlocksBuild(catalog.policy, latest?.report);
}

/** 403 POLICY_BLOCKED for a blocked gate (docs/http-api.md#start-a-build). */
export function policyBlockedResponse(gate: Extract<PolicyGate, { blocked: true }>, image: string): HttpResponse {
  return apiError(403, 'POLICY_BLOCKED', `builds of ${image} are blocked: ${gate.message}`, [{ path: 'policy.enforce', message: gate.message }]);
}
