import type { Catalog } from '../catalog';
import { parseScope } from './armScope';
import type { PermissionBlock } from './grantsAction';

/**
 * Where infra assigns each of the app's custom roles (infra/roles/*.json `assignTo`). `otherSubscriptions`: every
 * subscription other than the gallery's that holds a capture or usage scope (otherSubscriptionScopes).
 */
export type AppRoleFileTarget = 'gallery' | 'stagingResourceGroup' | 'captureScopes' | 'usageScopes' | 'subscription' | 'otherSubscriptions';

export const APP_ROLE_FILE_TARGETS: readonly AppRoleFileTarget[] = ['gallery', 'stagingResourceGroup', 'captureScopes', 'usageScopes', 'subscription', 'otherSubscriptions'];

/**
 * Infra also grants subnets/join/action on the build subnet alone (infra/subnet-join-role.json): the subnet often
 * lives in a shared network resource group, where the staging role must not reach.
 */
export type AppRoleTarget = AppRoleFileTarget | 'buildSubnet';

/** One file of infra/roles: a custom role infra deploys for the app, as data Bicep and the tests both read. */
export interface AppRoleDefinition {
  roleName: string;
  description: string;
  assignTo: AppRoleFileTarget;
  permissions: (PermissionBlock & { dataActions: string[]; notDataActions: string[] })[];
}

/** A role infra grants the app somewhere: the file's role, or the subnet join role. */
export interface DeclaredAppRole {
  roleName: string;
  assignTo: AppRoleTarget;
  permissions: readonly PermissionBlock[];
}

export type CatalogScopes = Pick<Catalog, 'gallery' | 'staging' | 'scopes'>;

export function subscriptionScope(catalog: CatalogScopes): string {
  return `/subscriptions/${catalog.gallery.subscriptionId}`;
}

export function galleryResourceGroupScope(catalog: CatalogScopes): string {
  return `${subscriptionScope(catalog)}/resourceGroups/${catalog.gallery.resourceGroup}`;
}

export function galleryScope(catalog: CatalogScopes): string {
  return galleryResourceId(catalog.gallery);
}

export function galleryResourceId(gallery: { subscriptionId: string; resourceGroup: string; name: string }): string {
  return `/subscriptions/${gallery.subscriptionId}/resourceGroups/${gallery.resourceGroup}/providers/Microsoft.Compute/galleries/${gallery.name}`;
}

export function stagingResourceGroupScope(catalog: CatalogScopes): string {
  return `${subscriptionScope(catalog)}/resourceGroups/${catalog.staging.resourceGroup}`;
}

/**
 * The subscriptions other than the gallery's that hold a capture or usage scope, as `/subscriptions/<id>` (lower-cased,
 * each once, sorted): the policy scan reads role assignments and definitions there, and infra grants the app the
 * role that allows it there. Deterministic, so the scan orchestrator may call it. Scopes that are not ARM scopes are
 * skipped (the catalog's validation reports them).
 */
export function otherSubscriptionScopes(catalog: CatalogScopes): string[] {
  const gallerySubscription = catalog.gallery.subscriptionId.toLowerCase();
  const ids = new Set<string>();
  for (const scope of [...catalog.scopes.capture, ...catalog.scopes.usage]) {
    const id = parseScope(scope)?.subscriptionId;
    if (id !== undefined && id !== gallerySubscription) ids.add(id);
  }
  return [...ids].sort().map((id) => `/subscriptions/${id}`);
}

/** The scopes infra assigns a role with this target at, for this catalog. */
export function appRoleScopes(target: AppRoleTarget, catalog: CatalogScopes): string[] {
  switch (target) {
    case 'gallery':
      return [galleryScope(catalog)];
    case 'stagingResourceGroup':
      return [stagingResourceGroupScope(catalog)];
    case 'captureScopes':
      return [...catalog.scopes.capture];
    case 'usageScopes':
      return [...catalog.scopes.usage];
    case 'subscription':
      return [subscriptionScope(catalog)];
    case 'otherSubscriptions':
      return otherSubscriptionScopes(catalog);
    case 'buildSubnet':
      return [catalog.staging.subnetId];
  }
}
