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
const APP_OWN_PROCESS_FILES = [
  'test/e2e/**/*.test.ts',
  'test/acceptance/**/*.test.ts',
  'test/unit/shared/adapters/azure/{armTelemetry,azureAdapters,galleryLifecycleAdapter,notificationAdapter,usageAdapter}.test.ts',
];
const PACKAGE_OWN_PROCESS_FILES = [
  'packages/azure-offline/test/host/{localHost*,extraOutputs}.test.ts',
  'packages/azure-offline/test/durable/{batching,determinism,fanOut,management,outputBindings,restart,retries,scaledClock,subOrchestrations,timersAndEvents}.test.ts',
  'packages/azure-offline/test/arm/{authorization,badRequests,controlApi,faults,galleries,galleryImageVersions,managedIdentity,notificationTopic,persistence,platformImages,principalReplication,requestLog,runCommandOutputs,throttling,topics,versionEncryption,versionSources,virtualMachines,vmCreateChecks,vmSecurity}.test.ts',
];
export const OWN_PROCESS_FILES = [...APP_OWN_PROCESS_FILES, ...PACKAGE_OWN_PROCESS_FILES];

const emulatorSources = fileURLToPath(new URL('./packages/azure-offline/src/index.ts', import.meta.url));

const common: TestProjectInlineConfiguration = {
  // Tests use the offline Azure through its public index only. The package's own tests and the shared files load its
  // sources; see the app's own-process project for why its files load the build.
  resolve: { alias: { '@image-autopilot/azure-offline': emulatorSources } },
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
        // The app's end-to-end files run against the emulator's compiled build (`npm test` builds it first, as it
        // builds the app they host), loaded by Node like any dependency, as `npm run local` loads it. Through Vite's
        // module runner its sources took 1.7 of the 2.2 s each of these ~70 fresh processes spent importing.
        test: {
          ...common.test,
          name: 'own-process',
          include: APP_OWN_PROCESS_FILES,
          isolate: true,
          server: { deps: { external: [/\/packages\/azure-offline\/dist\//] } },
        },
      },
      {
        ...common,
        test: {
          ...common.test,
          name: 'package-own-process',
          include: PACKAGE_OWN_PROCESS_FILES,
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
