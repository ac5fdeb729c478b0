import { defineConfig } from 'vitest/config';

// Benchmarks measure and print figures (ARM request counts, throughput, planner time); they never assert timings.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    pool: 'forks',
    isolate: true,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    reporters: ['verbose'],
  },
});
