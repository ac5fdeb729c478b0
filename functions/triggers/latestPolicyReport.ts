import * as df from 'durable-functions';
import { isPolicyReport, type PolicyReport } from '../../shared/domain/policy/finding';
import { tryGetStatus } from './http/startedResponse';

export const POLICY_SCAN_PREFIX = 'policy-scan-';

/** The slice of the durable client this lookup uses (typed fakes implement just this). */
export type ReportClient = Pick<df.DurableClient, 'getStatusBy' | 'getStatus'>;

const DAY_MS = 86_400_000;
/**
 * Look-back windows: scans normally run daily, so the first small window answers cheaply; the last has no lower
 * bound, so an old report is still found (the JS client cannot filter by instance-ID prefix itself).
 */
const WINDOWS_DAYS: readonly (number | null)[] = [2, 45, null];

/**
 * The newest completed `policy-scan-*` output. Instance IDs embed the UTC start second, so the greatest ID is the
 * newest scan; an output that is not a report (a corrupted or foreign instance) is skipped, not served.
 */
export async function latestPolicyReport(client: ReportClient, now: Date): Promise<{ instanceId: string; report: PolicyReport } | undefined> {
  for (const days of WINDOWS_DAYS) {
    const statuses = await client.getStatusBy({
      runtimeStatus: [df.OrchestrationRuntimeStatus.Completed],
      ...(days === null ? {} : { createdTimeFrom: new Date(now.getTime() - days * DAY_MS) }),
    });
    const candidates = statuses
      .filter((status) => status.instanceId.startsWith(POLICY_SCAN_PREFIX))
      .sort((a, b) => (a.instanceId < b.instanceId ? 1 : a.instanceId > b.instanceId ? -1 : 0));
    for (const candidate of candidates) {
      // Listings may leave outputs out; the instance's own status always carries it.
      const output = isPolicyReport(candidate.output) ? candidate.output : (await tryGetStatus(client, candidate.instanceId))?.output;
      if (isPolicyReport(output)) return { instanceId: candidate.instanceId, report: output };
    }
  }
  return undefined;
}
