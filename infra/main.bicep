// Image Autopilot, phase 1: everything except the Event Grid subscription (infra/eventgrid.bicep), which needs the
// published `vmGeneralized` function. Deploy at the subscription that holds the gallery and the staging resource
// group: the catalog's "subscription" scope is that subscription (shared/domain/policy/appRoles.ts).
//
//   azd up                      (azure.yaml; parameters from infra/main.parameters.json and the azd environment)
//   az deployment sub create --location <region> --template-file infra/main.bicep --parameters <copy of infra/example.bicepparam>
targetScope = 'subscription'

@minLength(1)
@maxLength(12)
@description('Short environment name (e.g. prod); part of every resource name.')
param environmentName string

@description('Region of the app resources; a region that offers Flex Consumption.')
param location string = deployment().location

@description('Resource group created for the app (function app, storage, monitoring, identity, topic).')
param resourceGroupName string = 'rg-image-autopilot-${environmentName}'

param tags object = {}

// --- What the catalog points at (keep in step with the catalog's gallery, staging and scopes) -----------------

@description('Resource group of the Compute Gallery (catalog gallery.resourceGroup); in this subscription.')
param galleryResourceGroupName string

@description('Name of the existing Compute Gallery (catalog gallery.name).')
param galleryName string

@description('Existing resource group for temporary build resources (catalog staging.resourceGroup); in this subscription.')
param stagingResourceGroupName string

@description('Resource ID of the existing build subnet (catalog staging.subnetId); any resource group or subscription.')
param buildSubnetId string

@description('ARM scopes where captures are allowed (catalog scopes.capture): /subscriptions/{id} or /subscriptions/{id}/resourceGroups/{name}, no trailing slash.')
param captureScopes string[] = []

@description('ARM scopes searched for image usage (catalog scopes.usage), same format.')
param usageScopes string[] = []

@description('Appended to every custom role name, so several installations can share one Entra tenant (role names are tenant-unique).')
param roleNameSuffix string = ''

@description('Create the Event Grid custom topic the app publishes notifications to.')
param deployNotificationTopic bool = false

// --- Product settings (shared/config/productSettings.ts documents each) --------------------------------------

@description('Catalog YAML path inside the app package, relative to the app root.')
param catalogPath string = 'catalog.yaml'

@description('Durable Functions task hub: 3-45 letters or digits, starting with a letter.')
param taskHubName string = 'ImageAutopilot'

@description('NCRONTAB (6 fields) of the scheduled rebuild fan-out.')
param rebuildSchedule string = '0 0 2 * * *'

@description('NCRONTAB (6 fields) of the scheduled retention run.')
param pruneSchedule string = '0 0 4 * * *'

@description('NCRONTAB (6 fields) of the scheduled policy scan.')
param policyScanSchedule string = '0 30 5 * * *'

@minValue(1)
@maxValue(50)
param maxConcurrentBuilds int = 2

@minValue(1)
@maxValue(3600)
param armPollMinSeconds int = 15

@minValue(1)
@maxValue(86400)
param armPollMaxSeconds int = 300

@minValue(0)
@maxValue(3600)
param armMaxRetryAfterSeconds int = 60

@minLength(3)
@maxLength(63)
@description('Table of the run history in the Functions storage account (letters or digits, starts with a letter).')
param runHistoryTable string = 'autopilotruns'

@minValue(1)
@maxValue(3650)
@description('Days a finished run stays in the run history.')
param runHistoryDays int = 90

@description('Principal IDs of the user-assigned identities the catalog names as build.identity: they get Storage Blob Data Contributor on the run logs container, where build VMs write each step\'s full output (docs/logs.md).')
param buildIdentityPrincipalIds string[] = []

// --- Sign-in (docs/security.md) ------------------------------------------------------------------------------

@allowed(['entra', 'keys'])
@description('entra: App Service Authentication with Entra ID, each route authorized by app role; keys: function keys.')
param authMode string = 'entra'

@description('Client ID of the app registration exposing the ImageAutopilot.* app roles (one-time step: docs/security.md). Required with authMode entra.')
param authClientId string = ''

@description('Tenant ID of that app registration; default the deployment\'s tenant.')
param authTenantId string = tenant().tenantId

// --- Flex Consumption scale ----------------------------------------------------------------------------------

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

// --- Network isolation (off by default; docs/deploy.md "Optional network isolation") ---------------------------

@description('Subnet for the app\'s outbound traffic (Flex Consumption VNet integration), in the app\'s region and delegated to Microsoft.App/environments; empty = no VNet integration.')
param vnetIntegrationSubnetId string = ''

@description('Subnet for private endpoints to the storage account\'s blob, queue and table services, in the app\'s region; empty = none. The account then refuses internet traffic, so the app needs vnetIntegrationSubnetId.')
param privateEndpointSubnetId string = ''

@description('Resource ID of the resource group holding the privatelink.{blob,queue,table} private DNS zones linked to that network (with privateEndpointSubnetId).')
param privateDnsZoneResourceGroupId string = ''

@description('Resource ID of an existing action group the alerts notify; empty = one is made for alertEmailReceivers (none when that is empty too).')
param alertActionGroupId string = ''

@description('Email addresses the alerts notify, through an action group made for them, when alertActionGroupId is empty.')
param alertEmailReceivers string[] = []

@minValue(1)
@description('ARM throttling responses (429/503) within 15 minutes that raise the throttling alert.')
param armThrottleAlertThreshold int = 20

// -------------------------------------------------------------------------------------------------------------

var privateStorage = !empty(privateEndpointSubnetId)
var token = uniqueString(subscription().id, environmentName, location)
var names = {
  identity: 'id-image-autopilot-${environmentName}'
  storage: 'stiap${token}'
  deploymentContainer: 'app-package'
  logAnalytics: 'log-image-autopilot-${environmentName}'
  applicationInsights: 'appi-image-autopilot-${environmentName}'
  plan: 'plan-image-autopilot-${environmentName}'
  functionApp: 'func-iap-${environmentName}-${token}'
  notifyTopic: 'evgt-image-autopilot-${environmentName}-${token}'
}

// azd finds the environment's resource group by `azd-env-name` and the app it deploys to by `azd-service-name`
// (the service name in azure.yaml).
var azdServiceName = 'image-autopilot'

resource appResourceGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: resourceGroupName
  location: location
  tags: union(tags, { 'azd-env-name': environmentName })
}

module identity 'modules/identity.bicep' = {
  name: 'image-autopilot-identity'
  scope: appResourceGroup
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'image-autopilot-storage'
  scope: appResourceGroup
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: names.deploymentContainer
    dataPrincipalId: identity.outputs.principalId
    buildIdentityPrincipalIds: buildIdentityPrincipalIds
    privateNetworkOnly: privateStorage
  }
}

module storagePrivateEndpoints 'modules/storage-private-endpoints.bicep' = if (privateStorage) {
  name: 'image-autopilot-storage-private-endpoints'
  scope: appResourceGroup
  params: {
    namePrefix: 'pe-${names.storage}'
    location: location
    tags: tags
    storageAccountId: storage.outputs.id
    subnetId: privateEndpointSubnetId
    privateDnsZoneResourceGroupId: privateDnsZoneResourceGroupId
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'image-autopilot-monitoring'
  scope: appResourceGroup
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
    publisherPrincipalId: identity.outputs.principalId
  }
}

// Alerts on failed or degraded builds, a paused image, high policy findings and ARM throttling; the workbook
// (docs/telemetry.md). Both query the names in shared/domain/telemetry/names.ts.
module alerts 'modules/alerts.bicep' = {
  name: 'image-autopilot-alerts'
  scope: appResourceGroup
  params: {
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
    actionGroupId: alertActionGroupId
    alertEmailReceivers: alertEmailReceivers
    actionGroupName: 'ag-image-autopilot-${environmentName}'
    namePrefix: 'alert-image-autopilot-${environmentName}'
    armThrottleThreshold: armThrottleAlertThreshold
  }
}

module workbook 'modules/workbook.bicep' = {
  name: 'image-autopilot-workbook'
  scope: appResourceGroup
  params: {
    location: location
    tags: tags
    applicationInsightsId: monitoring.outputs.applicationInsightsId
  }
}

module notifyTopic 'modules/notify-topic.bicep' = if (deployNotificationTopic) {
  name: 'image-autopilot-notify-topic'
  scope: appResourceGroup
  params: {
    name: names.notifyTopic
    location: location
    tags: tags
    senderPrincipalId: identity.outputs.principalId
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'image-autopilot-function-app'
  scope: appResourceGroup
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: union(tags, { 'azd-env-name': environmentName, 'azd-service-name': azdServiceName })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    catalogPath: catalogPath
    taskHubName: taskHubName
    rebuildSchedule: rebuildSchedule
    pruneSchedule: pruneSchedule
    policyScanSchedule: policyScanSchedule
    maxConcurrentBuilds: maxConcurrentBuilds
    notifyTopicEndpoint: deployNotificationTopic ? notifyTopic!.outputs.endpoint : ''
    armPollMinSeconds: armPollMinSeconds
    armPollMaxSeconds: armPollMaxSeconds
    armMaxRetryAfterSeconds: armMaxRetryAfterSeconds
    runHistoryTable: runHistoryTable
    runHistoryDays: runHistoryDays
    runLogsContainerUri: storage.outputs.runLogsContainerUrl
    virtualNetworkSubnetId: vnetIntegrationSubnetId
    authMode: authMode
    authClientId: authClientId
    authTenantId: authTenantId
  }
}

// --- The app's custom roles ----------------------------------------------------------------------------------
// Each file in infra/roles is one role; its `assignTo` names where it is assigned. The files are the single source
// of truth: the policy checks and the tests read the same JSON.

var roleFiles = [
  loadJsonContent('roles/image-publisher.json')
  loadJsonContent('roles/build-operator.json')
  loadJsonContent('roles/capture-operator.json')
  loadJsonContent('roles/usage-reader.json')
  loadJsonContent('roles/subscription-reader.json')
  loadJsonContent('roles/policy-reader.json')
  loadJsonContent('roles/gallery-sharing.json')
]

var subscriptionScope = subscription().id
var galleryResourceGroupScope = '${subscriptionScope}/resourceGroups/${galleryResourceGroupName}'
var stagingResourceGroupScope = '${subscriptionScope}/resourceGroups/${stagingResourceGroupName}'

// Assignments land on these scopes. The gallery role is assigned on the gallery resource; custom roles cannot name a
// single resource as assignable scope, so its definition is assignable in the gallery's resource group.
var scopesByTarget = {
  gallery: [galleryResourceGroupScope]
  stagingResourceGroup: [stagingResourceGroupScope]
  captureScopes: uniqueCaptureScopes
  usageScopes: uniqueUsageScopes
  subscription: [subscriptionScope]
  otherSubscriptions: otherSubscriptionScopes
}

// union() drops repeats: a scope listed twice would otherwise yield two deployments with one name.
var uniqueCaptureScopes = union(captureScopes, [])
var uniqueUsageScopes = union(usageScopes, [])

// Every other subscription a capture or usage scope lives in, once (lower-cased like otherSubscriptionScopes in
// shared/domain/policy/appRoles.ts): the policy scan reads role assignments and definitions there.
var otherSubscriptionScopes = filter(union(map(union(captureScopes, usageScopes), scope => '/subscriptions/${toLower(split(scope, '/')[2])}'), []), scope => scope != toLower(subscriptionScope))

// A role whose scope list is empty (no capture scopes, say) is not defined at all: an unassignable definition would
// only be clutter, and ARM refuses empty assignable scopes.
var deployedRoles = filter(roleFiles, role => !empty(scopesByTarget[role.assignTo]))

// Definition IDs are tenant-wide and role names tenant-unique, so the ID derives from the tenant and the final name:
// redeploying updates the same definition instead of colliding with it.
func roleDefinitionGuid(tenantGuid string, roleName string) string => guid(tenantGuid, 'image-autopilot-role', roleName)

var tenantId = tenant().tenantId

// Every custom role the app gets: the role files, and the subnet join role (see "Network join" below).
var fileRoleDefinitions = map(deployedRoles, role => {
  roleName: '${role.roleName}${roleNameSuffix}'
  role: role
  assignableScopes: scopesByTarget[role.assignTo]
})
var roleDefinitions = concat(fileRoleDefinitions, [subnetJoinRoleDefinition])

// A definition is created at its first assignable scope, which is a resource group or a subscription.
var resourceGroupRoleDefinitions = filter(roleDefinitions, d => contains(toLower(first(d.assignableScopes)), '/resourcegroups/'))
var subscriptionRoleDefinitions = filter(roleDefinitions, d => !contains(toLower(first(d.assignableScopes)), '/resourcegroups/'))

module resourceGroupCustomRoles 'modules/custom-role-resource-group.bicep' = [
  for d in resourceGroupRoleDefinitions: {
    name: take('image-autopilot-role-${uniqueString(d.roleName)}', 64)
    scope: resourceGroup(split(first(d.assignableScopes), '/')[2], split(first(d.assignableScopes), '/')[4])
    params: {
      definitionGuid: roleDefinitionGuid(tenantId, d.roleName)
      roleName: d.roleName
      role: d.role
      assignableScopes: d.assignableScopes
    }
  }
]

module subscriptionCustomRoles 'modules/custom-role-subscription.bicep' = [
  for d in subscriptionRoleDefinitions: {
    name: take('image-autopilot-role-${uniqueString(d.roleName)}', 64)
    scope: subscription(split(first(d.assignableScopes), '/')[2])
    params: {
      definitionGuid: roleDefinitionGuid(tenantId, d.roleName)
      roleName: d.roleName
      role: d.role
      assignableScopes: d.assignableScopes
    }
  }
]

// One (role, scope) pair per assignment. Bicep loops do not nest, so the role × scope product is indexed flat.
func pairs(roles array, scopes array) array => map(range(0, length(roles) * length(scopes)), i => {
  roleName: roles[i / length(scopes)].roleName
  scope: scopes[i % length(scopes)]
})

var stagingAssignments = pairs(filter(deployedRoles, role => role.assignTo == 'stagingResourceGroup'), [stagingResourceGroupScope])
var captureAssignments = pairs(filter(deployedRoles, role => role.assignTo == 'captureScopes'), uniqueCaptureScopes)
var usageAssignments = pairs(filter(deployedRoles, role => role.assignTo == 'usageScopes'), uniqueUsageScopes)
var subscriptionWideAssignments = pairs(filter(deployedRoles, role => role.assignTo == 'subscription'), [subscriptionScope])
var otherSubscriptionAssignments = pairs(filter(deployedRoles, role => role.assignTo == 'otherSubscriptions'), otherSubscriptionScopes)
var scopeAssignments = concat(stagingAssignments, captureAssignments, usageAssignments, subscriptionWideAssignments, otherSubscriptionAssignments)
var resourceGroupAssignments = filter(scopeAssignments, a => contains(toLower(a.scope), '/resourcegroups/'))
var subscriptionAssignments = filter(scopeAssignments, a => !contains(toLower(a.scope), '/resourcegroups/'))
var galleryRoles = filter(deployedRoles, role => role.assignTo == 'gallery')

module galleryRoleAssignments 'modules/role-assignment-gallery.bicep' = [
  for role in galleryRoles: {
    name: take('image-autopilot-ra-${uniqueString(galleryName, role.roleName, roleNameSuffix)}', 64)
    scope: resourceGroup(galleryResourceGroupName)
    params: {
      galleryName: galleryName
      roleDefinitionGuid: roleDefinitionGuid(tenantId, '${role.roleName}${roleNameSuffix}')
      principalId: identity.outputs.principalId
    }
    dependsOn: [resourceGroupCustomRoles, subscriptionCustomRoles]
  }
]

module resourceGroupRoleAssignments 'modules/role-assignment-resource-group.bicep' = [
  for a in resourceGroupAssignments: {
    name: take('image-autopilot-ra-${uniqueString(a.scope, a.roleName, roleNameSuffix)}', 64)
    scope: resourceGroup(split(a.scope, '/')[2], split(a.scope, '/')[4])
    params: {
      roleDefinitionGuid: roleDefinitionGuid(tenantId, '${a.roleName}${roleNameSuffix}')
      principalId: identity.outputs.principalId
    }
    dependsOn: [resourceGroupCustomRoles, subscriptionCustomRoles]
  }
]

module subscriptionRoleAssignments 'modules/role-assignment-subscription.bicep' = [
  for a in subscriptionAssignments: {
    name: take('image-autopilot-ra-${uniqueString(a.scope, a.roleName, roleNameSuffix)}', 64)
    scope: subscription(split(a.scope, '/')[2])
    params: {
      roleDefinitionGuid: roleDefinitionGuid(tenantId, '${a.roleName}${roleNameSuffix}')
      principalId: identity.outputs.principalId
    }
    dependsOn: [resourceGroupCustomRoles, subscriptionCustomRoles]
  }
]

// --- Network join on the build subnet --------------------------------------------------------------------------
// Creating the build VM makes ARM check subnets/join/action on the subnet its NIC joins (a linked access check,
// no request of its own). The subnet often lives in a shared network resource group, so the join is granted on that
// one subnet rather than through the staging role.

var subnetIdParts = split(buildSubnetId, '/')
var subnetResourceGroupScope = '/subscriptions/${subnetIdParts[2]}/resourceGroups/${subnetIdParts[4]}'
var subnetJoinRole = loadJsonContent('subnet-join-role.json')
var subnetJoinRoleDefinition = {
  roleName: '${subnetJoinRole.roleName}${roleNameSuffix}'
  role: subnetJoinRole
  assignableScopes: [subnetResourceGroupScope]
}

module subnetJoin 'modules/role-assignment-subnet.bicep' = {
  name: take('image-autopilot-ra-${uniqueString(buildSubnetId, subnetJoinRoleDefinition.roleName)}', 64)
  scope: resourceGroup(subnetIdParts[2], subnetIdParts[4])
  params: {
    virtualNetworkName: subnetIdParts[8]
    subnetName: subnetIdParts[10]
    roleDefinitionGuid: roleDefinitionGuid(tenantId, subnetJoinRoleDefinition.roleName)
    principalId: identity.outputs.principalId
  }
  dependsOn: [resourceGroupCustomRoles]
}

// --- Outputs --------------------------------------------------------------------------------------------------

output resourceGroupName string = appResourceGroup.name
output functionAppName string = functionApp.outputs.name
output functionAppHostName string = functionApp.outputs.defaultHostName
output storageAccountName string = storage.outputs.name
@description('Object ID of the app identity: put it in the catalog as policy.leastPrivilege.appPrincipalId.')
output identityPrincipalId string = identity.outputs.principalId
output identityClientId string = identity.outputs.clientId
output notifyTopicEndpoint string = deployNotificationTopic ? notifyTopic!.outputs.endpoint : ''

// The same values under the names azd stores in the environment (.azure/<env>/.env), which its hooks and the
// pipeline read. The camelCase outputs above stay for `az deployment` users.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenantId
output AZURE_RESOURCE_GROUP string = appResourceGroup.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_IMAGE_AUTOPILOT_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_HOST_NAME string = functionApp.outputs.defaultHostName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_IDENTITY_CLIENT_ID string = identity.outputs.clientId
