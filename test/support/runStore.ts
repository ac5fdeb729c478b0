/** A run store for a test: the real Table adapter on the test run's Azurite, in a table of its own. */
import { TableClient } from '@azure/data-tables';
import { createTableRunStore } from '../../shared/adapters/azure/tableRunStore';
import type { RunStore } from '../../shared/ports/runStore';
import { testRunStoreSettings } from './tableService';

export function aRunStore(): RunStore {
  const settings = testRunStoreSettings();
  const client = TableClient.fromConnectionString(settings.AzureWebJobsStorage, settings.RUN_HISTORY_TABLE, { allowInsecureConnection: true });
  return createTableRunStore(() => client);
}
