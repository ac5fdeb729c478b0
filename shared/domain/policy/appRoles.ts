import type { Catalog } from '../catalog';
import type { PermissionBlock } from './grantsAction';

/** Where infra assigns each of the app's custom roles (infra/roles/*.json `assignTo`). */
export type AppRoleTarget = 'gallery' | 'stagingResourceGroup' | 'captureScopes' | 'usageScopes' | 'subscription';

export const APP_ROLE_TARGETS: readonly AppRoleTarget[] = ['gallery', 'stagingResourceGroup', 'captureScopes', 'usageScopes', 'subscription'];

/** One file of infra/roles: a custom role infra deploys for the app, as data Bicep and the tests both read. */
export interface AppRoleDefinition {
  roleName: string;
  description: string;
  assignTo: AppRoleTarget;
  permissions: (PermissionBlock & { dataActions: string[]; notDataActions: string[] })[];
}

export type CatalogScopes = Pick<Catalog, 'gallery' | 'staging' | 'scopes'>;

export function subscriptionScope(catalog: CatalogScopes): string {
  return `/subscriptions/${catalog.gallery.subscriptionId}`;
}

export function galleryResourceGroupScope(catalog: CatalogScopes): string {
  return `${subscriptionScope(catalog)}/resourceGroups/${catalog.gallery.resourceGroup}`;
}

export function galleryScope(catalog: CatalogScopes): string {
  return `${galleryResourceGroupScope(catalog)}/providers/Microsoft.Compute/galleries/${catalog.gallery.name}`;
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
  }
}
