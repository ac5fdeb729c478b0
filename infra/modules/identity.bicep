// The app's one identity. User-assigned rather than system-assigned so its principal exists before the site does:
// role assignments (storage, custom roles) can be granted first and the host starts with working access.

@description('Name of the user-assigned managed identity.')
param name string

param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
