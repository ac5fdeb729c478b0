import type { Catalog } from '../catalog';
import type { PermissionBlock } from './grantsAction';

/** Where infra assigns each of the app's custom roles (infra/roles/*.json `assignTo`). */
export type AppRoleFileTarget = 'gallery' | 'stagingResourceGroup' | 'captureScopes' | 'usageScopes' | 'subscription';

export const APP_ROLE_FILE_TARGETS: readonly AppRoleFileTarget[] = ['gallery', 'stagingResourceGroup', 'captureScopes', 'usageScopes', 'subscription'];

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
    case 'buildSubnet':
      return [catalog.staging.subnetId];
  }
}
