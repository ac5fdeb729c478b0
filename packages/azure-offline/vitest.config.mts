import { defineConfig } from 'vitest/config';

// The package's own run (`npm test -w @image-autopilot/azure-offline`); the repository's `npm test` includes these files too.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each file gets its own process: the local host patches Node's module loader and an app registers once per process.
    pool: 'forks',
    isolate: true,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
