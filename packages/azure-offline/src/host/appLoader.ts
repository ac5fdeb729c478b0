import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { installCoreApiShim, type CoreRegistry } from './coreApiShim';

/**
 * Loads the compiled app once per process. The library caches the core API and the app's module cache keeps its
 * registrations, so a second start with the same entry (a restart) re-uses what was captured; another entry cannot load.
 */
export function loadApp(appEntry: string): CoreRegistry {
  if (!existsSync(appEntry)) {
    throw new Error(`app entry '${appEntry}' does not exist: run \`npm run build\` first (\`npm test\` builds before vitest)`);
  }
  const registry = installCoreApiShim();
  if (registry.loadedEntry !== undefined) {
    if (registry.loadedEntry === appEntry) return registry;
    throw new Error(
      `the local host already loaded '${registry.loadedEntry}' in this process and cannot load '${appEntry}': an app registers once per process (use one test file per app)`,
    );
  }
  createRequire(appEntry)(appEntry);
  registry.loadedEntry = appEntry;
  if (registry.functions.size === 0) {
    throw new Error(
      `app '${appEntry}' registered no functions. If @azure/functions was required in this process before the local host ` +
        'installed its core-API shim, the library is stuck in "test mode": start the host before importing the app.',
    );
  }
  return registry;
}
