// Log alerts on the app's telemetry (docs/telemetry.md): failed or degraded builds, a paused image, high policy
// findings and an ARM throttling spike. Every query uses only names from shared/domain/telemetry/names.ts; a test
// checks that. Routed to an existing action group, or to one made here for the email receivers given.

param location string
param tags object

@description('Resource ID of the Application Insights component the app sends its telemetry to.')
param applicationInsightsId string

@description('Resource ID of an existing action group to notify; empty = make one for alertEmailReceivers.')
param actionGroupId string = ''

@description('Email addresses to notify through an action group made here, when actionGroupId is empty.')
param alertEmailReceivers string[] = []

@description('Name of the action group made for alertEmailReceivers.')
param actionGroupName string

@description('Name prefix of the alert rules.')
param namePrefix string

@minValue(1)
@description('ARM throttling responses (429/503) within 15 minutes that raise the throttling alert.')
param armThrottleThreshold int = 20

var makeGroup = empty(actionGroupId) && !empty(alertEmailReceivers)

resource group 'Microsoft.Insights/actionGroups@2023-01-01' = if (makeGroup) {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'autopilot'
    enabled: true
    emailReceivers: [
      for (address, i) in alertEmailReceivers: {
        name: 'email-${i}'
        emailAddress: address
        useCommonAlertSchema: true
      }
    ]
  }
}

var actionGroups = !empty(actionGroupId) ? [actionGroupId] : (makeGroup ? [group.id] : [])

// Each rule fires when its query returns a row in the window; the throttling rule when the window's throttled
// responses reach the threshold. The rows name the image, run or request kind for whoever looks.
var rules = [
  {
    name: 'build-failed-or-degraded'
    displayName: 'Image Autopilot: a build or capture failed or was degraded'
    description: 'A build failed, or a build or capture published a version that stayed unpromoted because a region failed.'
    severity: 1
    query: '''
customEvents
| where name in ('Build.Failed', 'Build.Degraded', 'Capture.Degraded')
| extend image = tostring(customDimensions.image), runId = tostring(customDimensions.runId), errorCode = tostring(customDimensions.errorCode)
| project timestamp, name, image, runId, errorCode
'''
    measure: ''
    threshold: 0
  }
  {
    name: 'image-paused'
    displayName: 'Image Autopilot: an image was paused after repeated failures'
    description: 'Scheduled builds skip the image until a successful build or POST /api/images/{image}/resume.'
    severity: 1
    query: '''
customEvents
| where name == 'Image.Paused'
| extend image = tostring(customDimensions.image), consecutiveFailures = toint(customDimensions.consecutiveFailures)
| project timestamp, image, consecutiveFailures
'''
    measure: ''
    threshold: 0
  }
  {
    name: 'policy-high-findings'
    displayName: 'Image Autopilot: the policy scan found high findings'
    description: 'The least-privilege and naming scan reported findings of severity high (GET /api/policy/report).'
    severity: 2
    query: '''
customEvents
| where name == 'Policy.Scanned'
| extend high = toint(customDimensions.high), runId = tostring(customDimensions.runId)
| where high > 0
| project timestamp, runId, high
'''
    measure: ''
    threshold: 0
  }
  {
    name: 'arm-throttling'
    displayName: 'Image Autopilot: ARM is throttling the app'
    description: 'Many 429/503 answers from ARM: builds slow down, and the subscription may be near its limits (the rows name the request kinds).'
    severity: 2
    query: '''
customMetrics
| where name == 'autopilot.arm.throttles'
| extend kind = tostring(customDimensions.kind), throttles = valueSum
| project timestamp, kind, throttles
'''
    measure: 'throttles'
    threshold: armThrottleThreshold - 1
  }
]

resource alerts 'Microsoft.Insights/scheduledQueryRules@2023-03-15-preview' = [
  for rule in rules: {
    name: '${namePrefix}-${rule.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      scopes: [applicationInsightsId]
      evaluationFrequency: 'PT15M'
      windowSize: 'PT15M'
      autoMitigate: true
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: empty(rule.measure) ? 'Count' : 'Total'
            metricMeasureColumn: empty(rule.measure) ? null : rule.measure
            operator: 'GreaterThan'
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      actions: {
        actionGroups: actionGroups
      }
    }
  }
]
