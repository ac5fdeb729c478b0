import type { Catalog } from '../../../../../shared/domain/catalog';
import { DEFAULT_NAMING_CONVENTION } from '../../../../../shared/domain/names';
import type { DeclaredAppRole } from '../../../../../shared/domain/policy/appRoles';
import { BUILT_IN_ROLES } from '../../../../../shared/domain/policy/builtInRoles';
import type { RoleAssignmentRecord, RoleDefinitionRecord } from '../../../../../shared/domain/policy/rbacRecords';

export const SUB = '00000000-0000-0000-0000-0000000000aa';
export const OTHER_SUB = '00000000-0000-0000-0000-0000000000bb';
export const SUB_SCOPE = `/subscriptions/${SUB}`;
export const GALLERY_RG_SCOPE = `${SUB_SCOPE}/resourceGroups/rg-images`;
export const GALLERY_SCOPE = `${GALLERY_RG_SCOPE}/providers/Microsoft.Compute/galleries/gal_main`;
export const STAGING_SCOPE = `${SUB_SCOPE}/resourceGroups/rg-staging`;
export const CAPTURE_SCOPE = `${SUB_SCOPE}/resourceGroups/rg-workloads`;
export const SUBNET_ID = `${SUB_SCOPE}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/build`;
export const APP_PRINCIPAL = '11111111-1111-1111-1111-111111111111';
export const NOW = '2026-11-25T20:00:00.000Z';

export type PolicyCatalog = Pick<Catalog, 'gallery' | 'staging' | 'scopes' | 'policy' | 'images'>;

export function aCatalog(overrides: {
  leastPrivilege?: Partial<Catalog['policy']['leastPrivilege']>;
  naming?: Partial<Catalog['policy']['naming']>;
  enforce?: Catalog['policy']['enforce'];
  galleryName?: string;
  imageNames?: string[];
} = {}): PolicyCatalog {
  return {
    gallery: { subscriptionId: SUB, resourceGroup: 'rg-images', name: overrides.galleryName ?? 'gal_main', location: 'westeurope', allowPruneWhenShared: false, sharing: { readers: [] } },
    staging: { resourceGroup: 'rg-staging', subnetId: SUBNET_ID, vmSize: 'Standard_D2s_v5' },
    scopes: { capture: [CAPTURE_SCOPE], usage: [SUB_SCOPE] },
    images: (overrides.imageNames ?? ['ubuntu-base']).map(anImage),
    policy: {
      naming: { ...DEFAULT_NAMING_CONVENTION, ...overrides.naming },
      leastPrivilege: {
        allowedPrincipals: [],
        appPrincipalId: APP_PRINCIPAL,
        maxSubscriptionOwners: 3,
        maxDirectUserAssignments: 5,
        ...overrides.leastPrivilege,
      },
      sharing: { allow: { subscriptions: [], tenants: [], community: false } },
      enforce: overrides.enforce ?? 'report',
    },
  };
}

function anImage(name: string): Catalog['images'][number] {
  return {
    name,
    definition: { publisher: 'contoso', offer: name, sku: 'base', osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', architecture: 'x64', securityType: 'TrustedLaunchSupported' },
    baseImage: { type: 'marketplace', publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
    customization: [],
    versioning: { scheme: 'semver', major: 1 },
    targetRegions: [{ name: 'westeurope', replicas: 1, storageAccountType: 'Standard_LRS' }],
    rebuild: { onBaseImageChange: true, onRecipeChange: true, maxAgeDays: 30, pauseAfterFailures: 3 },
    retention: { keepLatest: 3, minAgeDays: 7, maxAgeDays: null, deprecateBeforeDeleteDays: 7, maxDeletionsPerRun: 5, maxDeleteShare: 0.5, protectTag: 'autopilot-retain', mode: 'dryRun' },
    tags: {},
  };
}

export function roleDefinitionId(guid: string, scope = SUB_SCOPE): string {
  return `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

export function aBuiltInDefinition(role: { guid: string; roleName: string }, actions: string[], notActions: string[] = []): RoleDefinitionRecord {
  return { id: roleDefinitionId(role.guid), roleName: role.roleName, roleType: 'BuiltInRole', permissions: [{ actions, notActions }], assignableScopes: ['/'] };
}

export function aCustomDefinition(guid: string, roleName: string, actions: string[], assignableScopes: string[] = [SUB_SCOPE], notActions: string[] = []): RoleDefinitionRecord {
  return { id: roleDefinitionId(guid), roleName, roleType: 'CustomRole', permissions: [{ actions, notActions }], assignableScopes };
}

/** The built-ins the scans see, with their real action lists (abridged to what the rules read). */
export const BUILT_IN_DEFINITIONS: RoleDefinitionRecord[] = [
  aBuiltInDefinition(BUILT_IN_ROLES.owner, ['*']),
  aBuiltInDefinition(BUILT_IN_ROLES.contributor, ['*'], ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write', 'Microsoft.Authorization/elevateAccess/Action']),
  aBuiltInDefinition(BUILT_IN_ROLES.userAccessAdministrator, ['*/read', 'Microsoft.Authorization/*']),
  aBuiltInDefinition(BUILT_IN_ROLES.reader, ['*/read']),
  aBuiltInDefinition(BUILT_IN_ROLES.storageBlobDataContributor, ['Microsoft.Storage/storageAccounts/blobServices/containers/read']),
];

export const APP_ROLE_GUIDS = {
  publisher: 'aaaaaaaa-0000-0000-0000-000000000001',
  builder: 'aaaaaaaa-0000-0000-0000-000000000002',
  reader: 'aaaaaaaa-0000-0000-0000-000000000003',
  join: 'aaaaaaaa-0000-0000-0000-000000000004',
};

const PUBLISHER_ACTIONS = ['Microsoft.Compute/galleries/read', 'Microsoft.Compute/galleries/images/versions/write', 'Microsoft.Compute/galleries/images/versions/delete'];
const BUILDER_ACTIONS = ['Microsoft.Compute/virtualMachines/write', 'Microsoft.Compute/virtualMachines/read'];
const READER_ACTIONS = ['Microsoft.Authorization/roleAssignments/read'];
const JOIN_ACTIONS = ['Microsoft.Network/virtualNetworks/subnets/join/action'];

export const APP_ROLES: DeclaredAppRole[] = [
  { roleName: 'Image Autopilot Image Publisher', assignTo: 'gallery', permissions: [{ actions: PUBLISHER_ACTIONS, notActions: [] }] },
  { roleName: 'Image Autopilot Build Operator', assignTo: 'stagingResourceGroup', permissions: [{ actions: BUILDER_ACTIONS, notActions: [] }] },
  { roleName: 'Image Autopilot Subscription Reader', assignTo: 'subscription', permissions: [{ actions: READER_ACTIONS, notActions: [] }] },
  { roleName: 'Image Autopilot Subnet Join', assignTo: 'buildSubnet', permissions: [{ actions: JOIN_ACTIONS, notActions: [] }] },
];

/** As deployed: infra appends an installation suffix to each name and may list a subset of the actions. */
export const APP_ROLE_DEFINITIONS: RoleDefinitionRecord[] = [
  aCustomDefinition(APP_ROLE_GUIDS.publisher, 'Image Autopilot Image Publisher-dev', PUBLISHER_ACTIONS, [GALLERY_RG_SCOPE]),
  aCustomDefinition(APP_ROLE_GUIDS.builder, 'Image Autopilot Build Operator-dev', BUILDER_ACTIONS.slice(0, 1), [STAGING_SCOPE]),
  aCustomDefinition(APP_ROLE_GUIDS.reader, 'Image Autopilot Subscription Reader-dev', READER_ACTIONS, [SUB_SCOPE]),
  aCustomDefinition(APP_ROLE_GUIDS.join, 'Image Autopilot Subnet Join-dev', JOIN_ACTIONS, [`${SUB_SCOPE}/resourceGroups/rg-net`]),
];

export function aPrincipal(n: number): string {
  return `22222222-2222-2222-2222-${String(n).padStart(12, '0')}`;
}

/** Azure allows one assignment per (scope, principal, role), so the ID is derived from those three. */
export function anAssignment(overrides: Partial<RoleAssignmentRecord> & { roleGuid?: string } = {}): RoleAssignmentRecord {
  const { roleGuid, ...rest } = overrides;
  const scope = rest.scope ?? SUB_SCOPE;
  const principalId = rest.principalId ?? aPrincipal(1);
  const role = roleGuid ?? BUILT_IN_ROLES.reader.guid;
  return {
    id: `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${principalId.slice(-12)}-${role}`,
    scope,
    roleDefinitionId: roleDefinitionId(role),
    principalId,
    principalType: 'ServicePrincipal',
    ...rest,
  };
}

/** The app's own, correctly declared assignments: a clean estate. */
export function appAssignments(): RoleAssignmentRecord[] {
  return [
    anAssignment({ principalId: APP_PRINCIPAL, scope: GALLERY_SCOPE, roleGuid: APP_ROLE_GUIDS.publisher }),
    anAssignment({ principalId: APP_PRINCIPAL, scope: STAGING_SCOPE, roleGuid: APP_ROLE_GUIDS.builder }),
    anAssignment({ principalId: APP_PRINCIPAL, scope: SUB_SCOPE, roleGuid: APP_ROLE_GUIDS.reader }),
    anAssignment({ principalId: APP_PRINCIPAL, scope: SUBNET_ID, roleGuid: APP_ROLE_GUIDS.join }),
  ];
}
