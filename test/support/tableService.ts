import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by the globalSetup test/support/tableServiceSetup.ts. */
    tableServiceConnectionString: string;
  }
}

/**
 * App settings pointing the app's run store at the run's shared Table service (started by the globalSetup
 * tableServiceSetup.ts), with a table no other test uses, so tests never see each other's runs.
 */
export function testRunStoreSettings(): { AzureWebJobsStorage: string; RUN_HISTORY_TABLE: string } {
  const connectionString = inject('tableServiceConnectionString');
  if (!connectionString) throw new Error('no Table service: vitest.config.mts must list test/support/tableServiceSetup.ts in globalSetup');
  return { AzureWebJobsStorage: connectionString, RUN_HISTORY_TABLE: `runs${randomBytes(6).toString('hex')}` };
}
