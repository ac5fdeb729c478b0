import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type AppConfig } from '../../../../shared/config';
import { validSettings } from './settingsBuilder';

/** Settings with no store location at all, so each case names only the storage settings it is about. */
const withStore = (store: Record<string, string>) => validSettings({ AzureWebJobsStorage: undefined, ...store });

function problemsOf(env: Record<string, string | undefined>) {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError, but the settings loaded');
}

const AZURITE =
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;';

describe('run store settings', () => {
  it.each<[string, Record<string, string>, AppConfig['runStore']['location']]>([
    ['the development storage shorthand', { AzureWebJobsStorage: 'UseDevelopmentStorage=true' }, { kind: 'connectionString', connectionString: 'UseDevelopmentStorage=true' }],
    ["Azurite's full connection string", { AzureWebJobsStorage: AZURITE }, { kind: 'connectionString', connectionString: AZURITE }],
    ['a connection string naming only a table endpoint', { AzureWebJobsStorage: 'TableEndpoint=https://x.table.core.windows.net;SharedAccessSignature=sv=1' }, { kind: 'connectionString', connectionString: 'TableEndpoint=https://x.table.core.windows.net;SharedAccessSignature=sv=1' }],
    ['an identity-based table endpoint', { AzureWebJobsStorage__tableServiceUri: 'https://stfunc.table.core.windows.net/' }, { kind: 'identity', endpoint: 'https://stfunc.table.core.windows.net' }],
    ['an identity-based account name', { AzureWebJobsStorage__accountName: 'stfunc01' }, { kind: 'identity', endpoint: 'https://stfunc01.table.core.windows.net' }],
    ['a table endpoint before an account name', { AzureWebJobsStorage__tableServiceUri: 'https://custom.example.net', AzureWebJobsStorage__accountName: 'stfunc01' }, { kind: 'identity', endpoint: 'https://custom.example.net' }],
    ['a connection string before the identity form, as the host reads them', { AzureWebJobsStorage: 'UseDevelopmentStorage=true', AzureWebJobsStorage__accountName: 'stfunc01' }, { kind: 'connectionString', connectionString: 'UseDevelopmentStorage=true' }],
    ['an empty connection string as unset', { AzureWebJobsStorage: ' ', AzureWebJobsStorage__accountName: 'stfunc01' }, { kind: 'identity', endpoint: 'https://stfunc01.table.core.windows.net' }],
  ])('locates the store from %s', (_case, store, location) => {
    expect(loadConfig(withStore(store)).runStore.location).toEqual(location);
  });

  it.each<[string, Record<string, string>, string, RegExp]>([
    ['no storage setting at all', {}, 'AzureWebJobsStorage', /^required, but not set: .*AzureWebJobsStorage__tableServiceUri \/ AzureWebJobsStorage__accountName/],
    ['a connection string that is not Key=Value pairs', { AzureWebJobsStorage: 'storage please' }, 'AzureWebJobsStorage', /^must be a storage connection string/],
    ['a connection string with neither AccountName nor TableEndpoint', { AzureWebJobsStorage: 'DefaultEndpointsProtocol=https;EndpointSuffix=core.windows.net' }, 'AzureWebJobsStorage', /AccountName or TableEndpoint/],
    ['a table endpoint over http', { AzureWebJobsStorage__tableServiceUri: 'http://stfunc.table.core.windows.net' }, 'AzureWebJobsStorage__tableServiceUri', /^must use https, got "http:/],
    ['a table endpoint that is not a URL', { AzureWebJobsStorage__tableServiceUri: 'stfunc.table' }, 'AzureWebJobsStorage__tableServiceUri', /^must be an absolute https URL/],
    ['a table endpoint carrying a SAS', { AzureWebJobsStorage__tableServiceUri: 'https://stfunc.table.core.windows.net/?sig=abc' }, 'AzureWebJobsStorage__tableServiceUri', /^must be a plain endpoint/],
    ['an account name with capitals', { AzureWebJobsStorage__accountName: 'StFunc' }, 'AzureWebJobsStorage__accountName', /^must be a storage account name \(3-24 lowercase letters or digits\), got "StFunc"$/],
  ])('rejects %s, naming the setting', (_case, store, path, message) => {
    const problems = problemsOf(withStore(store));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe(path);
    expect(problems[0]?.message).toMatch(message);
  });

  it('never echoes a connection string, which carries the account key', () => {
    const message = problemsOf(withStore({ AzureWebJobsStorage: 'AccountKey=c2VjcmV0a2V5;Protocol=https' }))[0]?.message ?? '';
    expect(message).toContain('<hidden');
    expect(message).not.toContain('c2VjcmV0a2V5');
  });

  it('reports a bad store together with every other bad setting', () => {
    expect(problemsOf(withStore({ TASK_HUB_NAME: '', RUN_HISTORY_DAYS: '0' })).map((p) => p.path)).toEqual(['TASK_HUB_NAME', 'RUN_HISTORY_DAYS', 'AzureWebJobsStorage']);
  });

  it.each<[Record<string, string>, AppConfig['runStore']['table'], number]>([
    [{}, 'autopilotruns', 90],
    [{ RUN_HISTORY_TABLE: 'runs', RUN_HISTORY_DAYS: '1' }, 'runs', 1],
    [{ RUN_HISTORY_TABLE: `R${'a'.repeat(62)}`, RUN_HISTORY_DAYS: '3650' }, `R${'a'.repeat(62)}`, 3650],
    [{ RUN_HISTORY_TABLE: ' ', RUN_HISTORY_DAYS: '' }, 'autopilotruns', 90],
  ])('reads the table and retention from %j', (settings, table, historyDays) => {
    expect(loadConfig(validSettings(settings)).runStore).toMatchObject({ table, historyDays });
  });

  it.each([
    ['RUN_HISTORY_TABLE', 'ru', 'must be 3-63 letters or digits starting with a letter (Azure table name rules), got "ru"'],
    ['RUN_HISTORY_TABLE', '1runs', 'must be 3-63 letters or digits starting with a letter (Azure table name rules), got "1runs"'],
    ['RUN_HISTORY_TABLE', 'auto-pilot-runs', 'must be 3-63 letters or digits starting with a letter (Azure table name rules), got "auto-pilot-runs"'],
    ['RUN_HISTORY_TABLE', `r${'a'.repeat(63)}`, `must be 3-63 letters or digits starting with a letter (Azure table name rules), got "r${'a'.repeat(63)}"`],
    ['RUN_HISTORY_DAYS', '0', 'must be a whole number 1..3650, got "0"'],
    ['RUN_HISTORY_DAYS', '3651', 'must be a whole number 1..3650, got "3651"'],
    ['RUN_HISTORY_DAYS', '7.5', 'must be a whole number 1..3650, got "7.5"'],
    ['RUN_HISTORY_DAYS', 'ninety', 'must be a whole number 1..3650, got "ninety"'],
  ])('%s=%j is rejected naming the setting, rule and value', (name, value, message) => {
    expect(problemsOf(validSettings({ [name]: value }))).toEqual([{ path: name, message }]);
  });
});
