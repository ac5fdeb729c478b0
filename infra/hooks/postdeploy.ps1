# azd postdeploy hook (Windows): same as postdeploy.sh.
$ErrorActionPreference = 'Stop'
foreach ($name in 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP', 'AZURE_FUNCTION_APP_NAME', 'AZURE_STORAGE_ACCOUNT_NAME') {
  if (-not [Environment]::GetEnvironmentVariable($name)) { throw "$name is not set: run azd provision first" }
}

az account set --subscription $env:AZURE_SUBSCRIPTION_ID
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
$existing = az eventgrid system-topic list `
  --query "[?topicType=='Microsoft.Resources.Subscriptions'] | [0].[name, resourceGroup]" -o tsv
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

if (-not $existing) {
  az deployment group create --name image-autopilot-eventgrid `
    --resource-group $env:AZURE_RESOURCE_GROUP `
    --template-file infra/eventgrid.bicep `
    --parameters functionAppName=$env:AZURE_FUNCTION_APP_NAME deadLetterStorageAccountName=$env:AZURE_STORAGE_ACCOUNT_NAME `
    --output none
} else {
  $topicName, $topicResourceGroup = ($existing -split "`t")
  az deployment group create --name image-autopilot-eventgrid `
    --resource-group $topicResourceGroup `
    --template-file infra/eventgrid.bicep `
    --parameters functionAppName=$env:AZURE_FUNCTION_APP_NAME functionAppResourceGroupName=$env:AZURE_RESOURCE_GROUP useExistingSystemTopic=true systemTopicName=$topicName `
    --output none
}
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
Write-Host "Event Grid subscription image-autopilot-vm-generalized delivers to $env:AZURE_FUNCTION_APP_NAME/vmGeneralized"
