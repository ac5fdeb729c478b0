/**
 * A few built-in role definitions with their real, well-known GUIDs and permissions as Microsoft documents them
 * (built-in-roles/compute). Virtual Machine Contributor is abridged: the real role also lists backup, SQL VM,
 * storage and load-balancer actions that do not matter to this app.
 */
import type { RoleDefinitionRecord } from './state';

function builtIn(name: string, roleName: string, description: string, actions: string[], notActions: string[] = []): RoleDefinitionRecord {
  return { name, roleName, description, roleType: 'BuiltInRole', actions, notActions, dataActions: [], notDataActions: [], assignableScopes: ['/'] };
}

export const BUILT_IN_ROLES: readonly RoleDefinitionRecord[] = [
  builtIn('8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'Owner', 'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.', ['*']),
  builtIn(
    'b24988ac-6180-42a0-ab88-20f7382dd24c',
    'Contributor',
    'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    ['*'],
    [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action',
      'Microsoft.Purview/consents/write',
      'Microsoft.Purview/consents/delete',
      'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
      'Microsoft.Subscription/cancel/action',
      'Microsoft.Subscription/enable/action',
    ],
  ),
  builtIn('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader', 'View all resources, but does not allow you to make any changes.', ['*/read']),
  builtIn('18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', 'User Access Administrator', 'Lets you manage user access to Azure resources.', ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*']),
  builtIn(
    'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
    'Role Based Access Control Administrator',
    'Manage access to Azure resources by assigning roles using Azure RBAC. This role does not allow you to manage access using other ways, such as Azure Policy.',
    ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleAssignments/delete', '*/read', 'Microsoft.Support/*'],
  ),
  builtIn(
    '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
    'Virtual Machine Contributor',
    'Create and manage virtual machines, manage disks, install and run software, reset password of the root user of the virtual machine using VM extensions, and manage local user accounts using VM extensions.',
    [
      'Microsoft.Authorization/*/read',
      'Microsoft.Compute/availabilitySets/*',
      'Microsoft.Compute/locations/*',
      'Microsoft.Compute/virtualMachines/*',
      'Microsoft.Compute/virtualMachineScaleSets/*',
      'Microsoft.Compute/disks/write',
      'Microsoft.Compute/disks/read',
      'Microsoft.Compute/disks/delete',
      'Microsoft.Network/networkInterfaces/*',
      'Microsoft.Network/virtualNetworks/read',
      'Microsoft.Network/virtualNetworks/subnets/join/action',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
    ],
  ),
  builtIn('1c0163c0-47e6-4577-8991-ea5c82e286e4', 'Virtual Machine Administrator Login', 'View Virtual Machines in the portal and login as administrator', [
    'Microsoft.Network/publicIPAddresses/read',
    'Microsoft.Network/virtualNetworks/read',
    'Microsoft.Network/loadBalancers/read',
    'Microsoft.Network/networkInterfaces/read',
    'Microsoft.Compute/virtualMachines/*/read',
  ]),
  builtIn('fb879df8-f326-4884-b1cf-06f3ad86be52', 'Virtual Machine User Login', 'View Virtual Machines in the portal and login as a regular user.', [
    'Microsoft.Network/publicIPAddresses/read',
    'Microsoft.Network/virtualNetworks/read',
    'Microsoft.Network/loadBalancers/read',
    'Microsoft.Network/networkInterfaces/read',
    'Microsoft.Compute/virtualMachines/*/read',
  ]),
  builtIn(
    '85a2d0d9-2eba-4c9c-b355-11c2cc0788ab',
    'Compute Gallery Artifacts Publisher',
    'This is the role for publishing gallery artifacts.',
    [
      'Microsoft.Compute/galleries/*',
      'Microsoft.Compute/locations/capsOperations/read',
      'Microsoft.Compute/locations/communityGalleries/*',
      'Microsoft.Compute/locations/sharedGalleries/*',
      'Microsoft.Compute/images/*',
      'Microsoft.Compute/virtualMachines/write',
      'Microsoft.Compute/disks/write',
      'Microsoft.Authorization/*/read',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
    ],
    ['Microsoft.Compute/galleries/share/action'],
  ),
  builtIn('cf7c76d2-98a3-4358-a134-615aa78bf44d', 'Compute Gallery Image Reader', 'This is the role for reading gallery images.', [
    'Microsoft.Compute/galleries/images/read',
    'Microsoft.Compute/galleries/images/versions/read',
  ]),
  builtIn('1ef6a3be-d0ac-425d-8c01-acb62866290b', 'Compute Gallery Sharing Admin', 'This role allows user to share gallery to another subscription/tenant or share it to the public.', [
    'Microsoft.Compute/galleries/share/action',
  ]),
];
