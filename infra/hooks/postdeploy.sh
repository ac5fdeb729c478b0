#!/bin/sh
# azd postdeploy hook: subscribes vmGeneralized to "a VM was generalized" (infra/eventgrid.bicep). It runs after the
# deploy because Event Grid resolves the function endpoint when the subscription is created. A subscription has at
# most one system topic per source, so an existing one is reused (in its own resource group, without dead-lettering,
# whose storage account would have to sit in that group). Needs `az login` (the pipeline's azure/login does it).
set -eu
: "${AZURE_SUBSCRIPTION_ID:?not set: run azd provision first}"
: "${AZURE_RESOURCE_GROUP:?not set: run azd provision first}"
: "${AZURE_FUNCTION_APP_NAME:?not set: run azd provision first}"
: "${AZURE_STORAGE_ACCOUNT_NAME:?not set: run azd provision first}"

az account set --subscription "$AZURE_SUBSCRIPTION_ID"
existing=$(az eventgrid system-topic list \
  --query "[?topicType=='Microsoft.Resources.Subscriptions'] | [0].[name, resourceGroup]" -o tsv)

if [ -z "$existing" ]; then
  az deployment group create --name image-autopilot-eventgrid \
    --resource-group "$AZURE_RESOURCE_GROUP" \
    --template-file infra/eventgrid.bicep \
    --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" deadLetterStorageAccountName="$AZURE_STORAGE_ACCOUNT_NAME" \
    --output none
else
  topic_name=$(printf '%s\n' "$existing" | cut -f1)
  topic_resource_group=$(printf '%s\n' "$existing" | cut -f2)
  az deployment group create --name image-autopilot-eventgrid \
    --resource-group "$topic_resource_group" \
    --template-file infra/eventgrid.bicep \
    --parameters functionAppName="$AZURE_FUNCTION_APP_NAME" functionAppResourceGroupName="$AZURE_RESOURCE_GROUP" useExistingSystemTopic=true systemTopicName="$topic_name" \
    --output none
fi
echo "Event Grid subscription image-autopilot-vm-generalized delivers to $AZURE_FUNCTION_APP_NAME/vmGeneralized"
