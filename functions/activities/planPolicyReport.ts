import { buildPolicyReport, type PolicyScanData } from '../../shared/domain/policy/buildPolicyReport';
import type { PolicyReport } from '../../shared/domain/policy/finding';

/** The decision: pure, so its output recorded in history is the report. */
export function planPolicyReport(input: PolicyScanData): PolicyReport {
  return buildPolicyReport(input);
}
