import { describe, expect, it } from 'vitest';
import { PRODUCT_SETTINGS } from '../../../shared/config/productSettings';
import { bicepAppSettings } from './checks/bicepAppSettings';
import { settingsAgreement, type SettingSources } from './checks/settingsAgreement';
import { bicepFiles, localSampleSettingNames } from './infraFiles';

const LOCAL_ONLY = ['AZURE_ARM_ENDPOINT', 'AZURE_ARM_CA_FILE'];
const productNames = PRODUCT_SETTINGS.map((s) => s.name);

function realSources(): SettingSources {
  const bicep = bicepAppSettings(bicepFiles());
  expect(bicep.problems).toEqual([]);
  return { product: productNames, localOnly: LOCAL_ONLY, bicep: bicep.names, localSample: localSampleSettingNames() };
}

function withBicep(sources: SettingSources, change: (names: string[]) => string[]): SettingSources {
  return { ...sources, bicep: change([...sources.bicep]) };
}

describe('app settings: productSettings.ts, Bicep and local.settings.sample.json agree', () => {
  it('the deployed settings are exactly the product settings (minus local-only ones) plus allow-listed host settings', () => {
    expect(settingsAgreement(realSources())).toEqual([]);
  });

  it('Bicep sets every non-local product setting by name', () => {
    const bicep = new Set(realSources().bicep);
    expect(productNames.filter((n) => !LOCAL_ONLY.includes(n) && !bicep.has(n))).toEqual([]);
    expect(bicep.has('AzureWebJobsStorage__accountName') && bicep.has('AzureWebJobsStorage__credential')).toBe(true);
  });

  it.each([
    ['a product setting Bicep forgets', (s: SettingSources) => withBicep(s, (n) => n.filter((x) => x !== 'PRUNE_SCHEDULE')), /PRUNE_SCHEDULE is not set by Bicep/],
    ['an unknown setting in Bicep', (s: SettingSources) => withBicep(s, (n) => [...n, 'REBUILD_SCHEDULES']), /REBUILD_SCHEDULES, which is neither/],
    ['a local-only setting in Bicep', (s: SettingSources) => withBicep(s, (n) => [...n, 'AZURE_ARM_CA_FILE']), /AZURE_ARM_CA_FILE, which is for local runs only/],
    ['a key-based storage connection in Bicep', (s: SettingSources) => withBicep(s, (n) => [...n, 'AzureWebJobsStorage']), /AzureWebJobsStorage: a connection string/],
    ['a runtime setting Flex Consumption rejects', (s: SettingSources) => withBicep(s, (n) => [...n, 'FUNCTIONS_WORKER_RUNTIME']), /FUNCTIONS_WORKER_RUNTIME: Flex/],
    ['a setting set twice', (s: SettingSources) => withBicep(s, (n) => [...n, 'TASK_HUB_NAME']), /TASK_HUB_NAME 2 times/],
    ['a product setting missing from the sample', (s: SettingSources) => ({ ...s, localSample: s.localSample.filter((x) => x !== 'ARM_POLL_MAX_SECONDS') }), /ARM_POLL_MAX_SECONDS is missing from local.settings.sample.json/],
    ['an unknown setting in the sample', (s: SettingSources) => ({ ...s, localSample: [...s.localSample, 'CATALOG_FILE'] }), /sample.json has CATALOG_FILE/],
    ['a product setting Bicep does not know', (s: SettingSources) => ({ ...s, product: [...s.product, 'NEW_SETTING'] }), /NEW_SETTING is not set by Bicep/],
  ])('catches %s', (_name, mutate, expected) => {
    const problems = settingsAgreement(mutate(realSources()));
    expect(problems.some((p) => expected.test(p)), problems.join('\n')).toBe(true);
  });
});

describe('reading app settings out of Bicep', () => {
  const file = (text: string) => [{ path: 'infra/x.bicep', text }];
  const site = (appSettings: string) => `
var hostSettings = {
  AzureWebJobsStorage__accountName: name
  'APPLICATIONINSIGHTS_CONNECTION_STRING': cs
}
resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: 'x'
  properties: {
    siteConfig: {
      minTlsVersion: '1.2' // a comment with { braces
    }
  }
}
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: ${appSettings}
}
`;

  it('follows union() of vars and object literals, with quoted keys and interpolated values', () => {
    const read = bicepAppSettings(file(site("union(hostSettings, {\n  TASK_HUB_NAME: '${hub}-x'\n  CATALOG_PATH: path\n})")));
    expect(read).toEqual({ names: ['AzureWebJobsStorage__accountName', 'APPLICATIONINSIGHTS_CONNECTION_STRING', 'TASK_HUB_NAME', 'CATALOG_PATH'], problems: [] });
  });

  it('reports settings it cannot see instead of skipping them', () => {
    expect(bicepAppSettings(file(site('settingsParam'))).problems).toEqual([expect.stringMatching(/cannot read setting names from 'settingsParam/)]);
    const inline = site('{}').replace("minTlsVersion: '1.2'", "appSettings: [\n { name: 'SNEAKY', value: 'x' }\n ]");
    expect(bicepAppSettings(file(inline)).problems).toEqual([expect.stringMatching(/siteConfig.appSettings is not read/)]);
  });

  it('ignores config resources other than appsettings', () => {
    const web = site('{ A: 1 }').replace("name: 'appsettings'", "name: 'web'");
    expect(bicepAppSettings(file(web))).toEqual({ names: [], problems: [] });
  });
});
