import type { Catalog } from '../catalog';
import type { CatalogScopes } from './appRoles';
import { evaluateLeastPrivilege, type LeastPrivilegeInput } from './evaluateLeastPrivilege';
import { evaluateNames, type NamedResource } from './evaluateNames';
import { galleryScope } from './appRoles';
import { evaluateSharing, type GallerySharingView } from './evaluateSharing';
import { toPolicyReport, type PolicyReport } from './finding';

export interface PolicyScanData extends Omit<LeastPrivilegeInput, 'catalog'> {
  catalog: CatalogScopes & Pick<Catalog, 'policy'>;
  /** Live galleries, image definitions and versions found in the configured scopes. */
  resources: readonly NamedResource[];
  /** ISO time the scan read its data; becomes `generatedAt`. */
  now: string;
  /** The managed gallery's sharing as ARM shows it; absent in scans recorded before sharing was checked. */
  gallerySharing?: GallerySharingView;
}

/** The report of a scan of live Azure state (docs/http-api.md#policy-report). Pure: the same data gives the same report. */
export function buildPolicyReport(data: PolicyScanData): PolicyReport {
  const sharing = data.gallerySharing === undefined ? [] : evaluateSharing(galleryScope(data.catalog), data.gallerySharing, data.catalog.policy.sharing.allow, 'the gallery');
  const findings = [...evaluateLeastPrivilege(data), ...evaluateNames(data.resources, data.catalog.policy.naming), ...sharing];
  return toPolicyReport(findings, data.now);
}
