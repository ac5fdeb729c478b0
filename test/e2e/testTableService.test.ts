import { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config';
import { testRunStoreSettings } from '../support/tableService';
import { validSettings } from '../unit/shared/config/settingsBuilder';

/** The run's shared Table service (globalSetup) is real Azurite, and every test gets a table of its own. */
describe('the tests\' Table service', () => {
  it('hands each caller a fresh table name that the app settings accept', () => {
    const first = testRunStoreSettings();
    const second = testRunStoreSettings();
    expect(first.RUN_HISTORY_TABLE).toMatch(/^runs[0-9a-f]{12}$/);
    expect(second.RUN_HISTORY_TABLE).not.toBe(first.RUN_HISTORY_TABLE);
    expect(second.AzureWebJobsStorage).toBe(first.AzureWebJobsStorage);
    expect(loadConfig(validSettings({ ...first })).runStore).toEqual({
      table: first.RUN_HISTORY_TABLE,
      historyDays: 90,
      location: { kind: 'connectionString', connectionString: first.AzureWebJobsStorage },
    });
  });

  it('stores and reads entities through @azure/data-tables', async () => {
    const { AzureWebJobsStorage, RUN_HISTORY_TABLE } = testRunStoreSettings();
    const client = TableClient.fromConnectionString(AzureWebJobsStorage, RUN_HISTORY_TABLE, { allowInsecureConnection: true });
    await client.createTable();
    await client.createEntity({ partitionKey: 'image', rowKey: 'build-x', status: 'Succeeded' });
    expect((await client.getEntity<{ status: string }>('image', 'build-x')).status).toBe('Succeeded');
  });
});
