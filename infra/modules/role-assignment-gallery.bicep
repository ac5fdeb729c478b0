// Assigns a role to the app identity on the Compute Gallery itself, not its resource group: the gallery's
// neighbours stay out of reach. Deployed to the gallery's resource group; the gallery must already exist.

param galleryName string

@description('GUID of the role definition (built-in or custom).')
param roleDefinitionGuid string

param principalId string

var roleDefinitionId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuid)

resource gallery 'Microsoft.Compute/galleries@2024-03-03' existing = {
  name: galleryName
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(gallery.id, principalId, roleDefinitionId)
  scope: gallery
  properties: {
    roleDefinitionId: roleDefinitionId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
