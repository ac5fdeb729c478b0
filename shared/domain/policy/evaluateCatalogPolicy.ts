import type { Catalog } from '../catalog';
import { galleryScope, type CatalogScopes } from './appRoles';
import { createFinding } from './createFinding';
import { toPolicyReport, type PolicyFinding, type PolicyReport } from './finding';
import { evaluateNames } from './evaluateNames';
import { evaluateSharing } from './evaluateSharing';

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RECOMMENDED_MAX_OWNERS = 3;
const RECOMMENDED_MAX_DIRECT_USERS = 5;

export type CatalogPolicyInput = CatalogScopes & Pick<Catalog, 'images' | 'policy'>;

/**
 * Everything checkable without Azure: the names the catalog will create and the sanity of its least-privilege
 * settings. Findings point at the catalog path in `resource` so people can find the line to fix.
 */
export function evaluateCatalogPolicy(catalog: CatalogPolicyInput): PolicyFinding[] {
  const gallery = galleryScope(catalog);
  const findings = evaluateNames(
    [
      { kind: 'gallery', name: catalog.gallery.name, id: gallery },
      ...catalog.images.map((image) => ({ kind: 'imageDefinition' as const, name: image.name, id: `${gallery}/images/${image.name}` })),
    ],
    catalog.policy.naming,
  );

  const lp = catalog.policy.leastPrivilege;
  const seen = new Set<string>();
  for (const [index, entry] of lp.allowedPrincipals.entries()) {
    const path = `policy.leastPrivilege.allowedPrincipals[${index}]`;
    const principal = entry.principalId.toLowerCase();
    if (!OBJECT_ID.test(entry.principalId)) {
      findings.push(createFinding('PL001', { scope: path, principalId: entry.principalId, message: `${path}.principalId '${entry.principalId}' is not an object ID (GUID); role assignments name principals by object ID, so it never matches.` }));
    }
    if (entry.reason.trim() === '') {
      findings.push(createFinding('PL001', { scope: `${path}.reason`, principalId: entry.principalId, message: `${path}.reason is empty: every exception needs a reason.` }));
    }
    if (entry.roles.length === 0) {
      findings.push(createFinding('PL002', { scope: `${path}.roles`, principalId: entry.principalId, message: `${path}.roles is empty, so principal ${entry.principalId} may hold any role, Owner included.` }));
    }
    if (seen.has(principal)) {
      findings.push(createFinding('PL002', { scope: path, principalId: entry.principalId, message: `${path} lists principal ${entry.principalId} a second time.` }));
    }
    seen.add(principal);
    if (lp.appPrincipalId !== undefined && principal === lp.appPrincipalId.toLowerCase()) {
      findings.push(createFinding('PL003', { scope: path, principalId: entry.principalId, message: `${path} allow-lists the app's own identity ${entry.principalId}; LP007 would never see its extra roles.` }));
    }
  }
  if (lp.appPrincipalId !== undefined && !OBJECT_ID.test(lp.appPrincipalId)) {
    findings.push(createFinding('PL001', { scope: 'policy.leastPrivilege.appPrincipalId', principalId: lp.appPrincipalId, message: `policy.leastPrivilege.appPrincipalId '${lp.appPrincipalId}' is not an object ID (GUID).` }));
  }
  if (lp.maxSubscriptionOwners > RECOMMENDED_MAX_OWNERS) {
    findings.push(createFinding('PL004', { scope: 'policy.leastPrivilege.maxSubscriptionOwners', message: `policy.leastPrivilege.maxSubscriptionOwners is ${lp.maxSubscriptionOwners}; the recommendation is at most ${RECOMMENDED_MAX_OWNERS}.` }));
  }
  if (lp.maxDirectUserAssignments > RECOMMENDED_MAX_DIRECT_USERS) {
    findings.push(createFinding('PL004', { scope: 'policy.leastPrivilege.maxDirectUserAssignments', message: `policy.leastPrivilege.maxDirectUserAssignments is ${lp.maxDirectUserAssignments}; the recommendation is at most ${RECOMMENDED_MAX_DIRECT_USERS}.` }));
  }
  const declared = catalog.gallery.sharing;
  const direct = { permissions: declared.community ? 'Community' : 'Groups', subscriptions: declared.direct?.subscriptions ?? [], tenants: declared.direct?.tenants ?? [] };
  for (const f of evaluateSharing(gallery, direct, catalog.policy.sharing.allow, 'gallery.sharing')) findings.push(f);
  return findings;
}

export function catalogPolicyReport(catalog: CatalogPolicyInput, now: string): PolicyReport {
  return toPolicyReport(evaluateCatalogPolicy(catalog), now);
}
