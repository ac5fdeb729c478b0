// Private endpoints for the three storage services the app uses (blob: deployment package, timers, leases; queue and
// table: the Durable task hub and the run history), each registered in its existing private DNS zone so the
// account's usual host names resolve to the private addresses inside the network.

param namePrefix string
param location string
param tags object

param storageAccountId string

@description('Subnet the endpoints get their addresses from.')
param subnetId string

@description('Resource ID of the resource group holding the privatelink.<service>.<storage suffix> zones.')
param privateDnsZoneResourceGroupId string

var services = ['blob', 'queue', 'table']

resource endpoints 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for service in services: {
    name: '${namePrefix}-${service}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: subnetId
      }
      privateLinkServiceConnections: [
        {
          name: '${namePrefix}-${service}'
          properties: {
            privateLinkServiceId: storageAccountId
            groupIds: [service]
          }
        }
      ]
    }
  }
]

resource dnsZoneGroups 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (service, i) in services: {
    parent: endpoints[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: service
          properties: {
            privateDnsZoneId: '${privateDnsZoneResourceGroupId}/providers/Microsoft.Network/privateDnsZones/privatelink.${service}.${environment().suffixes.storage}'
          }
        }
      ]
    }
  }
]
