import type { TableClient } from '@azure/data-tables';
import type { TokenCredential } from '@azure/identity';
import type { RunStoreLocation } from '../../ports/runStore';
import { loadDataTables } from './azureSdk';


/** The Table client of the run store; the SDK loads on the first call that builds one. */
export function createRunStoreClient(location: RunStoreLocation, table: string, credential: TokenCredential): TableClient {
  const { TableClient } = loadDataTables();
  if (location.kind === 'identity') return new TableClient(location.endpoint, table, credential);
  // Azurite serves plain HTTP on the loopback; Azure accounts are HTTPS and ignore the option.
  return TableClient.fromConnectionString(location.connectionString, table, { allowInsecureConnection: /DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true/i.test(location.connectionString) });
}
