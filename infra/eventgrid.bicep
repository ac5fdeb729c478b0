// Image Autopilot, phase 2: deliver "a VM was generalized" to the `vmGeneralized` function. Separate from main.bicep
// because Event Grid resolves an Azure Function endpoint (…/functions/vmGeneralized) when the subscription is
// created, and that function exists only once the app is published. Deploy to the resource group that holds (or will hold) the subscription's system topic:
//
//   az deployment group create --resource-group <rg> --template-file infra/eventgrid.bicep \
//     --parameters functionAppName=<name from phase 1> [functionAppResourceGroupName=<app rg>] \
//                  [useExistingSystemTopic=true systemTopicName=<name>] [deadLetterStorageAccountName=<name>]

@description('The Function App from phase 1 (output functionAppName).')
param functionAppName string

@description('Resource group of the Function App; defaults to this deployment\'s resource group.')
param functionAppResourceGroupName string = resourceGroup().name

@description('A subscription has at most one system topic per source. If one already exists (az eventgrid system-topic list --query "[?topicType==\'Microsoft.Resources.Subscriptions\']"), reuse it: deploy to its resource group with its name.')
param useExistingSystemTopic bool = false

@description('Name of the subscription\'s system topic (created unless useExistingSystemTopic).')
param systemTopicName string = 'evgst-subscription-${subscription().subscriptionId}'

param eventSubscriptionName string = 'image-autopilot-vm-generalized'

@description('Event Grid retries for up to this many attempts…')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int = 30

@description('…and for at most this long (minutes).')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int = 1440

@description('Storage account in this resource group for undeliverable events; empty = no dead-lettering. Phase 1\'s account (output storageAccountName) works.')
param deadLetterStorageAccountName string = ''

param deadLetterContainerName string = 'vm-generalized-deadletter'

param tags object = {}

var deadLettering = !empty(deadLetterStorageAccountName)
var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource functionApp 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
  scope: resourceGroup(functionAppResourceGroupName)
}

// The system-assigned identity is what writes dead-lettered events: the storage account accepts no keys.
resource createdTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = if (!useExistingSystemTopic) {
  name: systemTopicName
  location: 'global'
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource deadLetterAccount 'Microsoft.Storage/storageAccounts@2024-01-01' existing = if (deadLettering) {
  name: deadLetterStorageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'
  }
}

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = if (deadLettering) {
  parent: deadLetterAccount::blobService
  name: deadLetterContainerName
  properties: {
    publicAccess: 'None'
  }
}

// On the container only: the topic identity needs nothing else in the account. A reused topic must have a
// system-assigned identity for this (az eventgrid system-topic update --identity systemassigned).
resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (deadLettering) {
  name: guid(resourceGroup().id, deadLetterStorageAccountName, deadLetterContainerName, topic.id, storageBlobDataContributorRoleId)
  scope: deadLetterContainer
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
    principalId: topic.identity.principalId
    principalType: 'ServicePrincipal'
  }
  dependsOn: [createdTopic]
}

// The filter must accept exactly what vmGeneralized accepts (test/unit/infra checks it). For a resource action on a
// subscription topic the subject is the target's resource ID — /subscriptions/…/resourceGroups/…/providers/
// Microsoft.Compute/virtualMachines/<name> — so the VM type sits in the middle of it and subjectBeginsWith cannot
// select it; a StringContains advanced filter on Subject can. Event Grid string filters ignore case, which matters
// because ARM writes `resourcegroups` in lower case in some subjects.
resource vmGeneralized 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: eventSubscriptionName
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionApp.id}/functions/vmGeneralized'
        // One event per delivery: a failure in a batch makes Event Grid redeliver the whole batch, and events of one
        // batch run concurrently, so duplicates in a batch would race on the same capture instance.
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Resources.ResourceActionSuccess'
      ]
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: [
            'Microsoft.Compute/virtualMachines/generalize/action'
          ]
        }
        {
          operatorType: 'StringContains'
          key: 'Subject'
          values: [
            '/providers/Microsoft.Compute/virtualMachines/'
          ]
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    deadLetterWithResourceIdentity: deadLettering ? {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: deadLetterAccount.id
          blobContainerName: deadLetterContainerName
        }
      }
    } : null
  }
  dependsOn: [createdTopic, deadLetterWriter]
}

output systemTopicName string = topic.name
output eventSubscriptionName string = vmGeneralized.name
