/**
 * Built-in role GUIDs are the same in every tenant; automation should key on them rather than on display names
 * (RBAC best practices). Names are kept for messages and for catalogs that list roles by name.
 */
export const BUILT_IN_ROLES = {
  owner: { guid: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', roleName: 'Owner' },
  contributor: { guid: 'b24988ac-6180-42a0-ab88-20f7382dd24c', roleName: 'Contributor' },
  userAccessAdministrator: { guid: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', roleName: 'User Access Administrator' },
  reader: { guid: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', roleName: 'Reader' },
  storageBlobDataContributor: { guid: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe', roleName: 'Storage Blob Data Contributor' },
  storageQueueDataContributor: { guid: '974c5e8b-45b9-4653-ba55-5f855dd0fb88', roleName: 'Storage Queue Data Contributor' },
  storageTableDataContributor: { guid: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', roleName: 'Storage Table Data Contributor' },
  eventGridDataSender: { guid: 'd5a91429-5739-47e2-a06b-3470a27159e7', roleName: 'EventGrid Data Sender' },
} as const;

export interface BuiltInRole {
  guid: string;
  roleName: string;
}

/** The roles that can change anything, or hand out access to anything. */
export const PRIVILEGED_ROLES: readonly BuiltInRole[] = [
  BUILT_IN_ROLES.owner,
  BUILT_IN_ROLES.contributor,
  BUILT_IN_ROLES.userAccessAdministrator,
];

/**
 * Beside its ARM roles the app needs data-plane roles on its task-hub storage account and its notification topic
 * (azure-facts.md "Permissions per stage"); infra assigns them there, so they are expected at those resource types.
 */
export const APP_DATA_PLANE_ROLES: readonly (BuiltInRole & { resourceType: string })[] = [
  { ...BUILT_IN_ROLES.storageBlobDataContributor, resourceType: 'microsoft.storage/storageaccounts' },
  { ...BUILT_IN_ROLES.storageQueueDataContributor, resourceType: 'microsoft.storage/storageaccounts' },
  { ...BUILT_IN_ROLES.storageTableDataContributor, resourceType: 'microsoft.storage/storageaccounts' },
  { ...BUILT_IN_ROLES.eventGridDataSender, resourceType: 'microsoft.eventgrid/topics' },
];

const BY_GUID: ReadonlyMap<string, BuiltInRole> = new Map(Object.values(BUILT_IN_ROLES).map((role) => [role.guid, role]));

export function builtInRoleByGuid(guid: string): BuiltInRole | undefined {
  return BY_GUID.get(guid.toLowerCase());
}
