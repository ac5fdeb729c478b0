import type { PolicySpec } from '../catalog';
import type { PolicyReport } from './finding';

export type PolicyGate = { blocked: false } | { blocked: true; highFindings: number; message: string };

/**
 * `enforce: block` refuses builds while the latest report has high findings. Without a report nothing is known
 * yet, and refusing every build before the first scan would make a fresh install unusable, so it passes.
 */
export function policyBlocksBuild(policy: Pick<PolicySpec, 'enforce'>, latest: PolicyReport | undefined): PolicyGate {
  if (policy.enforce !== 'block' || latest === undefined || latest.summary.high === 0) return { blocked: false };
  return {
    blocked: true,
    highFindings: latest.summary.high,
    message: `the policy report of ${latest.generatedAt} has ${latest.summary.high} high finding(s) and the catalog says enforce: block`,
  };
}
