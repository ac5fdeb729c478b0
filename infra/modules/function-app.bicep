// The Function App on the Flex Consumption plan. Flex Consumption takes the runtime, scale and deployment source
// from `functionAppConfig` and rejects the classic settings that used to carry them (FUNCTIONS_WORKER_RUNTIME,
// WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENT*…), so the app settings below are only the host's identity-based
// connections and the product's own settings (shared/config/productSettings.ts), checked by test/unit/infra.

param name string
param planName string
param location string
param tags object

@description('Resource ID of the user-assigned identity the app runs as.')
param identityId string

@description('Client ID of that identity: the host and the app pick the identity by it.')
param identityClientId string

param storageAccountName string

@description('Table service endpoint of that account: the run history is reached through it with the identity.')
param storageTableEndpoint string

@description('URL of the blob container holding the deployment package.')
param deploymentContainerUrl string

@secure()
@description('Application Insights connection string (no credential: local auth is disabled on the component).')
param applicationInsightsConnectionString string

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Subnet the app sends its outbound traffic through (VNet integration); empty = none.')
param virtualNetworkSubnetId string = ''

// Product settings, one parameter each (descriptions in main.bicep).
param catalogPath string
param taskHubName string
param rebuildSchedule string
param pruneSchedule string
param policyScanSchedule string
param maxConcurrentBuilds int
param notifyTopicEndpoint string
param armPollMinSeconds int
param armPollMaxSeconds int
param armMaxRetryAfterSeconds int
param runHistoryTable string
param runHistoryDays int

@description('Blob container build VMs write their steps\' full output to.')
param runLogsContainerUri string
@allowed(['entra', 'keys'])
param authMode string

@description('Client ID of the app registration whose tokens App Service Authentication accepts (authMode entra).')
param authClientId string

@description('Tenant of that app registration: the token issuer.')
param authTenantId string

// Host-owned: identity-based AzureWebJobsStorage (no connection string exists anywhere) and keyless telemetry.
var hostSettings = {
  AzureWebJobsStorage__accountName: storageAccountName
  // The run history's table (shared/config/runStoreLocation.ts) takes the endpoint as deployed, not one derived
  // from the account name, so sovereign clouds work too.
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

// AZURE_ARM_ENDPOINT and AZURE_ARM_CA_FILE are deliberately absent: in Azure the public ARM endpoint default is
// right and no extra CA is trusted; they exist for the offline emulator only.
var productSettings = {
  CATALOG_PATH: catalogPath
  TASK_HUB_NAME: taskHubName
  REBUILD_SCHEDULE: rebuildSchedule
  PRUNE_SCHEDULE: pruneSchedule
  POLICY_SCAN_SCHEDULE: policyScanSchedule
  MAX_CONCURRENT_BUILDS: string(maxConcurrentBuilds)
  NOTIFY_TOPIC_ENDPOINT: notifyTopicEndpoint
  AZURE_CLIENT_ID: identityClientId
  ARM_POLL_MIN_SECONDS: string(armPollMinSeconds)
  ARM_POLL_MAX_SECONDS: string(armPollMaxSeconds)
  ARM_MAX_RETRY_AFTER_SECONDS: string(armMaxRetryAfterSeconds)
  RUN_HISTORY_TABLE: runHistoryTable
  RUN_HISTORY_DAYS: string(runHistoryDays)
  RUN_LOGS_CONTAINER_URI: runLogsContainerUri
  AUTH_MODE: authMode
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Without it the platform looks for a system-assigned identity the app does not have.
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: union(hostSettings, productSettings)
}

// Sign-in (docs/security.md): the platform validates Entra ID tokens for the app registration, answers 401 to callers
// without one and injects X-MS-CLIENT-PRINCIPAL; the app authorizes each route by app role. Event Grid cannot sign
// in (its webhook keeps the system key and handshake); the status page's static assets hold no data.
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = if (authMode == 'entra') {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: true
      unauthenticatedClientAction: 'Return401'
      excludedPaths: [
        '/runtime/webhooks/eventgrid'
        '/api/ui'
      ]
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: authClientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            authClientId
            'api://${authClientId}'
          ]
        }
      }
    }
    login: {
      tokenStore: {
        enabled: false
      }
    }
  }
}

// Publishing goes through Entra ID (az / func with a signed-in user); no basic-auth publishing credentials exist.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostName
