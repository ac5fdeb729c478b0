import type { SharingAllowList } from '../sharing/sharingSpec';
import { createFinding } from './createFinding';
import type { PolicyFinding } from './finding';

/** Who a gallery is shared with outside the tenant's RBAC: its permission and the direct subscriptions and tenants. */
export interface GallerySharingView {
  permissions: string;
  subscriptions: readonly string[];
  tenants: readonly string[];
}

/**
 * SH001 for every subscription or tenant the gallery is shared with, and for a community gallery, that the allow-list
 * does not name. `where` says whose sharing it is (`the gallery`, `gallery.sharing`) and is the finding's resource.
 */
export function evaluateSharing(galleryId: string, sharing: GallerySharingView, allow: SharingAllowList, where: string): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  const allowed = (list: readonly string[]) => new Set(list.map((id) => id.toLowerCase()));
  const groups: [string, readonly string[], Set<string>][] = [
    ['subscription', sharing.subscriptions, allowed(allow.subscriptions)],
    ['tenant', sharing.tenants, allowed(allow.tenants)],
  ];
  for (const [kind, ids, ok] of groups) {
    for (const id of [...new Set(ids.map((x) => x.toLowerCase()))].sort()) {
      if (ok.has(id)) continue;
      findings.push(createFinding('SH001', { scope: galleryId, principalId: id, resource: where, message: `${where} shares the images with ${kind} ${id}, which policy.sharing.allow.${kind === 'subscription' ? 'subscriptions' : 'tenants'} does not list.` }));
    }
  }
  if (sharing.permissions.toLowerCase() === 'community' && !allow.community) {
    findings.push(createFinding('SH001', { scope: galleryId, resource: where, message: `${where} shares the images with the community (every Azure user), which policy.sharing.allow.community does not allow.` }));
  }
  return findings;
}
