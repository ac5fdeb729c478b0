import { describe, expect, it } from 'vitest';
import { moduleDeclarations, parameterDeclarations, parseBicep, stringValue } from './checks/bicepTree';
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

describe('network isolation is optional and off by default', () => {
  const main = () => parseBicep(readRepoFile('infra/main.bicep'));
  const defaults = (text?: string) =>
    Object.fromEntries(
      parameterDeclarations(text === undefined ? main() : parseBicep({ path: 'infra/main.bicep', text }))
        .filter((p) => ['vnetIntegrationSubnetId', 'privateEndpointSubnetId', 'privateDnsZoneResourceGroupId'].includes(p.name))
        .map((p) => [p.name, p.defaultValue === undefined ? undefined : stringValue(p.defaultValue)]),
    );

  it('its parameters default to empty, and the private endpoints deploy only with a subnet', () => {
    expect(defaults()).toEqual({ vnetIntegrationSubnetId: '', privateEndpointSubnetId: '', privateDnsZoneResourceGroupId: '' });
    const endpoints = moduleDeclarations(main()).filter((m) => m.type === 'modules/storage-private-endpoints.bicep');
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]?.body?.parent?.type).toBe('if_statement');
    expect(defaults(readRepoFile('infra/main.bicep').text.replace("param vnetIntegrationSubnetId string = ''", 'param vnetIntegrationSubnetId string'))).toMatchObject({
      vnetIntegrationSubnetId: undefined,
    });
  });

  it('with them, the storage account takes traffic from trusted services and private endpoints only, for the three services the app uses', () => {
    const storage = readRepoFile('infra/modules/storage.bicep');
    expect(resourcePropertyValues(storage, 'Microsoft.Storage/storageAccounts@', ['properties', 'networkAcls', 'bypass'])).toEqual(['AzureServices']);
    const endpoints = parseBicep(readRepoFile('infra/modules/storage-private-endpoints.bicep'));
    const services = endpoints.descendantsOfType('variable_declaration').find((v) => v.namedChildren[0]?.text === 'services');
    expect(services?.descendantsOfType('string').map((s) => stringValue(s))).toEqual(['blob', 'queue', 'table']);
  });
});
