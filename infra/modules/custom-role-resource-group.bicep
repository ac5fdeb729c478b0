// One of the app's custom roles, created at a resource group that is its first assignable scope (see
// custom-role-subscription.bicep for why the creation scope matters).

@description('Deterministic GUID naming the definition.')
param definitionGuid string

@description('Role name as deployed (file name plus the installation suffix).')
param roleName string

@description('The role file content: { roleName, description, permissions }.')
param role object

@description('Exactly the scopes the role is assigned at or under; this resource group first.')
param assignableScopes string[]

resource definition 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: definitionGuid
  properties: {
    roleName: roleName
    description: role.description
    type: 'CustomRole'
    assignableScopes: assignableScopes
    permissions: role.permissions
  }
}
