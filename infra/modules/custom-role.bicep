// One of the app's custom roles (infra/roles/*.json), defined in the deployment subscription and assignable at
// exactly the scopes infra assigns it at. main.bicep derives the definition's GUID (see roleDefinitionGuid there).
targetScope = 'subscription'

@description('Deterministic GUID naming the definition.')
param definitionGuid string

@description('The role file content: { roleName, description, assignTo, permissions }.')
param role object

@description('Role name as deployed (file name plus the installation suffix).')
param roleName string

@description('Exactly the scopes the role is assigned at (resource groups or subscriptions).')
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

output id string = definition.id
