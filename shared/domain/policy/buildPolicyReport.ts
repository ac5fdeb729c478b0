import type { Catalog } from '../catalog';
import type { CatalogScopes } from './appRoles';
import { evaluateLeastPrivilege, type LeastPrivilegeInput } from './evaluateLeastPrivilege';
import { evaluateNames, type NamedResource } from './evaluateNames';
import { toPolicyReport, type PolicyReport } from './finding';

export interface PolicyScanData extends Omit<LeastPrivilegeInput, 'catalog'> {
  catalog: CatalogScopes & Pick<Catalog, 'policy'>;
  /** Live galleries, image definitions and versions found in the configured scopes. */
  resources: readonly NamedResource[];
  /** ISO time the scan read its data; becomes `generatedAt`. */
  now: string;
}

/** The report of a scan of live Azure state (docs/http-api.md#policy-report). Pure: the same data gives the same report. */
export function buildPolicyReport(data: PolicyScanData): PolicyReport {
  const findings = [...evaluateLeastPrivilege(data), ...evaluateNames(data.resources, data.catalog.policy.naming)];
  return toPolicyReport(findings, data.now);
}
