/**
 * vitest globalSetup: ONE in-memory Azurite Table service for the whole run (each start costs seconds), stopped
 * after it. Tests reach it through `testRunStoreSettings()` (test/support/tableService.ts), each with a table of its own.
 */
import type { TestProject } from 'vitest/node';
import { startTableService } from '@image-autopilot/azure-offline';
import type {} from './tableService';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const service = await startTableService({ log: (line) => process.stderr.write(`[azurite] ${line}\n`) });
  project.provide('tableServiceConnectionString', service.connectionString);
  return () => service.stop();
}
