import type { HttpRequest, HttpResponse } from '@azure/functions';
import { HttpResponse as Response } from '@azure/functions';
import { toSarif } from '../../shared/domain/policy/toSarif';
import { apiError, validationFailed } from './http/errorResponse';
import { readQueryParams } from './http/queryParams';
import { latestPolicyReport, type ReportClient } from './latestPolicyReport';
import type { PolicyTriggerDeps } from './startPolicyScan';

const SARIF_MEDIA_TYPE = 'application/sarif+json';
const FORMATS = ['json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

/** `?format=` wins over `Accept`, so a browser link (which cannot set headers) can ask for SARIF. */
function formatOf(request: HttpRequest, value: string | undefined): { ok: true; format: Format } | { ok: false; message: string } {
  if (value !== undefined) {
    return (FORMATS as readonly string[]).includes(value) ? { ok: true, format: value as Format } : { ok: false, message: `must be json or sarif, got '${value.slice(0, 40)}'` };
  }
  const accept = request.headers.get('accept') ?? '';
  return { ok: true, format: accept.toLowerCase().includes(SARIF_MEDIA_TYPE) ? 'sarif' : 'json' };
}

export interface GetPolicyReportDeps extends Pick<PolicyTriggerDeps, 'now'> {
  /** Named in SARIF as the tool's version. */
  toolVersion: string;
}

/**
 * `GET /api/policy/report[?format=json|sarif]` → 200 the latest completed report (as SARIF 2.1.0 on request, for
 * code-scanning tools), 404 NO_REPORT before the first scan completes.
 */
export function createGetPolicyReportHandler(deps: GetPolicyReportDeps) {
  return async (request: HttpRequest, client: ReportClient): Promise<HttpResponse> => {
    const query = readQueryParams(request);
    if (!query.ok) return query.response;
    const format = formatOf(request, query.params.format);
    if (!format.ok) return validationFailed(`query parameter format ${format.message}`, [{ path: 'format', message: format.message }]);
    const latest = await latestPolicyReport(client, deps.now());
    if (latest === undefined) return apiError(404, 'NO_REPORT', 'no policy scan has completed yet: POST /api/policy/scans starts one');
    const headers = { 'x-policy-scan-instance': latest.instanceId };
    if (format.format === 'json') return new Response({ status: 200, jsonBody: latest.report, headers });
    // Live scans are about Azure resources, not files: locations are the findings' resource IDs (logical locations).
    const sarif = toSarif(latest.report, { toolVersion: deps.toolVersion });
    return new Response({ status: 200, body: JSON.stringify(sarif), headers: { ...headers, 'content-type': SARIF_MEDIA_TYPE } });
  };
}
