import type { HttpRequest, HttpResponse } from '@azure/functions';
import { HttpResponse as Response } from '@azure/functions';
import { apiError } from './http/errorResponse';
import { latestPolicyReport, type ReportClient } from './latestPolicyReport';
import type { PolicyTriggerDeps } from './startPolicyScan';

/** `GET /api/policy/report` → 200 the latest completed report, 404 NO_REPORT before the first scan completes. */
export function createGetPolicyReportHandler(deps: Pick<PolicyTriggerDeps, 'now'>) {
  return async (_request: HttpRequest, client: ReportClient): Promise<HttpResponse> => {
    const latest = await latestPolicyReport(client, deps.now());
    if (latest === undefined) return apiError(404, 'NO_REPORT', 'no policy scan has completed yet: POST /api/policy/scans starts one');
    return new Response({ status: 200, jsonBody: latest.report, headers: { 'x-policy-scan-instance': latest.instanceId } });
  };
}
