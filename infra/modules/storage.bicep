// The storage account behind the Functions host: task hub (queues, tables, blobs), timer and lease blobs, and the
// Flex Consumption deployment package, and the app's run history table. Keys are disabled; the app's identity gets
// the three data roles the Durable Functions Azure Storage provider needs (the table role also covers the run
// history), and nothing on the management plane.

@minLength(3)
@maxLength(24)
param name string

param location string
param tags object

@description('Blob container Flex Consumption reads the app package from.')
param deploymentContainerName string

@description('Object ID of the app identity.')
param dataPrincipalId string

@description('Blob container build VMs write their steps\' full output to (RUN_LOGS_CONTAINER_URI).')
param runLogsContainerName string = 'run-logs'

@description('Principal IDs of the user-assigned identities the catalog gives build VMs (build.identity): each may write the run logs container, and nothing else here.')
param buildIdentityPrincipalIds string[] = []

@description('Refuse traffic from the internet: the account is then reached through private endpoints, and by trusted Azure services (Event Grid dead-lettering).')
param privateNetworkOnly bool = false

var dataRoleIds = {
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: privateNetworkOnly ? 'Deny' : 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource runLogsContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: runLogsContainerName
  properties: {
    publicAccess: 'None'
  }
}

// The VM's guest agent writes the blobs as the build identity: scoped to the container, not the account.
resource runLogsWriters 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for principalId in buildIdentityPrincipalIds: {
    name: guid(runLogsContainer.id, principalId, dataRoleIds.blobDataContributor)
    scope: runLogsContainer
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataRoleIds.blobDataContributor)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource dataAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in items(dataRoleIds): {
    name: guid(account.id, dataPrincipalId, roleId.value)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId.value)
      principalId: dataPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output tableEndpoint string = account.properties.primaryEndpoints.table
output runLogsContainerUrl string = '${account.properties.primaryEndpoints.blob}${runLogsContainerName}'
output deploymentContainerUrl string = '${account.properties.primaryEndpoints.blob}${deploymentContainerName}'
