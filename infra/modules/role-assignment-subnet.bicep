// Grants the app identity the right to attach build NICs to one subnet, on that subnet only. Deployed to the
// virtual network's resource group; the network and subnet must already exist.

param virtualNetworkName string
param subnetName string

@description('GUID of the role definition.')
param roleDefinitionGuid string

param principalId string

var roleDefinitionId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuid)

resource network 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: virtualNetworkName

  resource subnet 'subnets' existing = {
    name: subnetName
  }
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(network::subnet.id, principalId, roleDefinitionId)
  scope: network::subnet
  properties: {
    roleDefinitionId: roleDefinitionId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
