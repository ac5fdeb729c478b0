import { describe, expect, it } from 'vitest';
import { resourcePropertyValues } from './checks/resourceProperties';
import { readRepoFile } from './infraFiles';

/** Settings the design relies on (docs/architecture.md#the-flow, docs/architecture.md#configuration, docs/deploy.md): keyless everywhere, Node 22 on Flex Consumption. */
const PINNED: readonly [file: string, type: string, path: string, expected: string][] = [
  ['infra/modules/storage.bicep', 'Microsoft.Storage/storageAccounts@', 'properties.allowSharedKeyAccess', 'false'],
  ['infra/modules/storage.bicep', 'Microsoft.Storage/storageAccounts@', 'properties.allowBlobPublicAccess', 'false'],
  ['infra/modules/storage.bicep', 'Microsoft.Storage/storageAccounts@', 'properties.minimumTlsVersion', 'TLS1_2'],
  ['infra/modules/monitoring.bicep', 'Microsoft.Insights/components@', 'properties.DisableLocalAuth', 'true'],
  ['infra/modules/notify-topic.bicep', 'Microsoft.EventGrid/topics@', 'properties.disableLocalAuth', 'true'],
  ['infra/modules/notify-topic.bicep', 'Microsoft.EventGrid/topics@', 'properties.inputSchema', 'CloudEventSchemaV1_0'],
  ['infra/modules/function-app.bicep', 'Microsoft.Web/serverfarms@', 'sku.tier', 'FlexConsumption'],
  ['infra/modules/function-app.bicep', 'Microsoft.Web/sites@', 'properties.httpsOnly', 'true'],
  ['infra/modules/function-app.bicep', 'Microsoft.Web/sites@', 'identity.type', 'UserAssigned'],
  ['infra/modules/function-app.bicep', 'Microsoft.Web/sites@', 'properties.functionAppConfig.runtime.name', 'node'],
  ['infra/modules/function-app.bicep', 'Microsoft.Web/sites@', 'properties.functionAppConfig.runtime.version', '22'],
  ['infra/modules/function-app.bicep', 'Microsoft.Web/sites@', 'properties.functionAppConfig.deployment.storage.authentication.type', 'UserAssignedIdentity'],
  ['infra/modules/function-app.bicep', 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@', 'properties.allow', 'false'],
  ['infra/eventgrid.bicep', 'Microsoft.EventGrid/systemTopics@', 'properties.topicType', 'Microsoft.Resources.Subscriptions'],
];

describe('design choices pinned in the Bicep', () => {
  it.each(PINNED)('%s: %s %s is %s', (file, type, path, expected) => {
    const values = resourcePropertyValues(readRepoFile(file), type, path.split('.'));
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => v === expected), JSON.stringify(values)).toBe(true);
  });

  it('notices a changed value, a missing property and an expression where a literal is pinned', () => {
    const storage = readRepoFile('infra/modules/storage.bicep');
    const read = (text: string) => resourcePropertyValues({ ...storage, text }, 'Microsoft.Storage/storageAccounts@', ['properties', 'allowSharedKeyAccess']);
    expect(read(storage.text.replace('allowSharedKeyAccess: false', 'allowSharedKeyAccess: true'))).toEqual(['true']);
    expect(read(storage.text.replace('    allowSharedKeyAccess: false\n', ''))).toEqual([undefined]);
    expect(read(storage.text.replace('allowSharedKeyAccess: false', 'allowSharedKeyAccess: legacy ? true : false'))).toEqual([undefined]);
  });
});
