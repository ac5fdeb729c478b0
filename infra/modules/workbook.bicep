// The Azure Monitor workbook of the app (docs/telemetry.md): builds over time, step durations, replication latency
// per region and the findings trend. Its queries live in infra/workbook/autopilot.workbook.json and use only names
// from shared/domain/telemetry/names.ts; a test checks that.

param location string
param tags object

@description('Resource ID of the Application Insights component the workbook reads.')
param applicationInsightsId string

@description('Display name of the workbook.')
param displayName string = 'Image Autopilot'

// A workbook's name is a GUID; derived from the component so a redeploy updates the same workbook.
resource workbook 'Microsoft.Insights/workbooks@2023-06-01' = {
  name: guid(applicationInsightsId, 'image-autopilot-workbook')
  location: location
  tags: tags
  kind: 'shared'
  properties: {
    displayName: displayName
    category: 'workbook'
    sourceId: applicationInsightsId
    serializedData: loadTextContent('../workbook/autopilot.workbook.json')
  }
}

output workbookId string = workbook.id
