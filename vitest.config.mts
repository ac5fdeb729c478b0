import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Files that need a process of their own: they start a local host (directly, through test/support/stack.ts, the
 * spawned `npm run local`, or the package's fixture hosts), which patches Node's module loader for good and lets an
 * app register once per process; or they point managed identity at an emulator, and MSAL keeps the first identity
 * endpoint it sees for the life of the process. Every other file shares its worker's process and module graph:
 * loading the app's modules again for each of ~190 files cost more CPU than their tests.
 * test/support/sharedProcessGuard.ts fails a shared file that does either, naming this list.
 */
export const OWN_PROCESS_FILES = [
  'test/e2e/**/*.test.ts',
  'test/acceptance/**/*.test.ts',
  'test/unit/shared/adapters/azure/{armTelemetry,azureAdapters,galleryLifecycleAdapter,notificationAdapter,usageAdapter}.test.ts',
  'packages/azure-offline/test/host/{localHost*,extraOutputs}.test.ts',
  'packages/azure-offline/test/durable/{batching,determinism,fanOut,management,outputBindings,restart,retries,scaledClock,subOrchestrations,timersAndEvents}.test.ts',
  'packages/azure-offline/test/arm/{authorization,badRequests,controlApi,faults,galleries,galleryImageVersions,managedIdentity,notificationTopic,persistence,platformImages,principalReplication,requestLog,runCommandOutputs,throttling,topics,versionEncryption,versionSources,virtualMachines,vmCreateChecks,vmSecurity}.test.ts',
];

const common: TestProjectInlineConfiguration = {
  // Tests use the offline Azure from its sources, through its public index only; `npm run local` uses its build.
  resolve: { alias: { '@image-autopilot/azure-offline': fileURLToPath(new URL('./packages/azure-offline/src/index.ts', import.meta.url)) } },
  test: {
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
};

export default defineConfig({
  test: {
    // One in-memory Azurite Table service for the whole run: the app's run store (test/support/tableService.ts).
    // The root project's global setup runs once and both projects read what it provides.
    globalSetup: ['test/support/tableServiceSetup.ts'],
    // Vitest's default leaves a core free (one worker on a 2-core CI machine), but most files wait on spawned hosts,
    // Azurite and the emulator rather than compute: a worker per core ran the suite in 517 s instead of 683 s there.
    maxWorkers: Math.max(2, os.availableParallelism()),
    projects: [
      {
        ...common,
        test: {
          ...common.test,
          name: 'own-process',
          include: OWN_PROCESS_FILES,
          isolate: true,
        },
      },
      {
        ...common,
        test: {
          ...common.test,
          name: 'shared',
          // The app's tests, then each workspace package's own tests.
          include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...OWN_PROCESS_FILES],
          isolate: false,
          setupFiles: ['test/support/sharedProcessGuard.ts'],
        },
      },
    ],
  },
});
