// One of the app's custom roles, created at a subscription that is its first assignable scope. ARM's REST guidance
// creates a custom role at its first assignable scope; custom-role-resource-group.bicep is the same for a resource
// group. main.bicep derives the GUID (roleDefinitionGuid there).
targetScope = 'subscription'

@description('Deterministic GUID naming the definition.')
param definitionGuid string

@description('Role name as deployed (file name plus the installation suffix).')
param roleName string

@description('The role file content: { roleName, description, permissions }.')
param role object

@description('Exactly the scopes the role is assigned at or under; this subscription first.')
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
