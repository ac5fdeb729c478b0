import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Benchmarks measure and print figures (ARM request counts, throughput, planner time); they never assert timings.
export default defineConfig({
  resolve: { alias: { '@image-autopilot/azure-offline': fileURLToPath(new URL('./packages/azure-offline/src/index.ts', import.meta.url)) } },
  test: {
    // One in-memory Azurite Table service for the whole run: the app's run store (test/support/tableService.ts).
    globalSetup: ['test/support/tableServiceSetup.ts'],
    include: ['bench/**/*.bench.ts', 'packages/*/bench/**/*.bench.ts'],
    pool: 'forks',
    isolate: true,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['verbose'],
  },
});
