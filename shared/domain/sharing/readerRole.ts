/**
 * The role in-tenant readers get, kept as data with its source. Microsoft documents that images "can be used with read
 * permissions on them to deploy virtual machines and disks" (share-gallery), and the built-in Compute Gallery Image
 * Reader grants exactly the two reads that takes; Reader would add every read action under the scope.
 */
export const GALLERY_READER_ROLE = {
  roleName: 'Compute Gallery Image Reader',
  roleDefinitionGuid: 'cf7c76d2-98a3-4358-a134-615aa78bf44d',
  actions: ['Microsoft.Compute/galleries/images/read', 'Microsoft.Compute/galleries/images/versions/read'],
  sources: [
    'https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/compute#compute-gallery-image-reader',
    'https://learn.microsoft.com/azure/virtual-machines/share-gallery#share-using-rbac',
  ],
} as const;

/** The role definition ID as ARM writes it on assignments in `subscriptionId`. */
export function readerRoleDefinitionId(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${GALLERY_READER_ROLE.roleDefinitionGuid}`;
}
