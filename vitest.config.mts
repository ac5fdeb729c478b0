import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests use the offline Azure from its sources, through its public index only; `npm run local` uses its build.
  resolve: { alias: { '@image-autopilot/azure-offline': fileURLToPath(new URL('./packages/azure-offline/src/index.ts', import.meta.url)) } },
  test: {
    // One in-memory Azurite Table service for the whole run: the app's run store (test/support/tableService.ts).
    globalSetup: ['test/support/tableServiceSetup.ts'],
    // The app's tests, then each workspace package's own tests.
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    // Each file gets its own process: the local host patches Node's module loader and the app registers once per process.
    pool: 'forks',
    isolate: true,
    // Vitest's default leaves a core free (one worker on a 2-core CI machine), but most files wait on spawned hosts,
    // Azurite and the emulator rather than compute: a worker per core ran the suite in 517 s instead of 683 s there.
    maxWorkers: Math.max(2, os.availableParallelism()),
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
