// Example parameters for infra/main.bicep when you deploy with `az deployment sub create` (azd uses
// main.parameters.json instead). Copy, then make every value match your catalog (gallery, staging, scopes): the roles
// are assigned exactly where these say, and the app acts only where the catalog says.
using 'main.bicep'

param environmentName = 'prod'
param location = 'westeurope'

param galleryResourceGroupName = 'rg-images'
param galleryName = 'contoso_images'
param stagingResourceGroupName = 'rg-image-staging'
param buildSubnetId = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-build/subnets/snet-build'

param captureScopes = [
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-golden-vms'
]
param usageScopes = [
  '/subscriptions/00000000-0000-0000-0000-000000000000'
  '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-workloads'
]

param deployNotificationTopic = true

param catalogPath = 'catalog.yaml'
param taskHubName = 'ImageAutopilot'
param rebuildSchedule = '0 0 2 * * *'
param pruneSchedule = '0 0 4 * * *'
param policyScanSchedule = '0 30 5 * * *'
param maxConcurrentBuilds = 2

// The app registration of the one-time step in docs/security.md (az ad app create … --query appId).
param authMode = 'entra'
param authClientId = '22222222-2222-2222-2222-222222222222'

param tags = {
  workload: 'image-autopilot'
}
