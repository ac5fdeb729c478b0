/**
 * A cold start spends a quarter of its CPU compiling the app's bundle: V8 parses the whole file, then compiles each
 * function it runs while registering. Node 20 has no compile cache of its own (module.enableCompileCache is Node ≥
 * 22.1), but vm.Script takes V8 code cache data. So the package carries the bytecode of a load made at package time,
 * and its entry (index.js) compiles the app's bundle (app.js) with it. V8 checks the data against the source, its own
 * version and its flags; data it rejects is ignored and the bundle compiles from source, as it would without a cache.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';

/** The package's entry (package.json's "main"), and the app's bundle it compiles rather than requires. */
export const ENTRY_FILE = 'index.js';
export const APP_FILE = 'app.js';
export const CODE_CACHE_FILE = 'app.js.cache';

/**
 * The package's entry. The bundle runs as this module's body would (same require, module and directory), so its
 * lazy requires of the SDK bundles resolve beside it. The wrapper's first line is its own (lineOffset -1): the
 * bundle's lines and columns stay as they are. With source maps on, the bundle is required as before: Node 20 maps
 * stack traces only through the maps of required files.
 */
export function entrySource(): string {
  return `'use strict';
// Compiles ${APP_FILE} with the V8 code cache made when the app was packaged (tools/package/codeCache.ts).
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');
const file = join(__dirname, ${JSON.stringify(APP_FILE)});
function readCache() {
  try {
    return readFileSync(join(__dirname, ${JSON.stringify(CODE_CACHE_FILE)}));
  } catch {
    return undefined; // No cache: the bundle compiles from source.
  }
}
if (process.sourceMapsEnabled) {
  // Node 20 maps stack traces through the source maps of required files only (NODE_OPTIONS=--enable-source-maps).
  require(${JSON.stringify(`./${APP_FILE}`)});
} else {
  const wrapper = '(function (exports, require, module, __filename, __dirname) {\\n' + readFileSync(file, 'utf8') + '\\n})';
  const script = new Script(wrapper, { filename: file, lineOffset: -1, cachedData: readCache() });
  script.runInThisContext().call(module.exports, module.exports, require, module, file, __dirname);
  /** For the packager: the cache of what this load compiled, and whether V8 took the one it was given. */
  module.exports.codeCache = () => ({ data: script.createCachedData(), rejected: script.cachedDataRejected === true });
}
`;
}

/** Settings that let the app load at package time: placeholders, as no endpoint is called while it registers. */
function packagingSettings(catalogFile: string): Record<string, string> {
  return {
    CATALOG_PATH: catalogFile,
    AZURE_ARM_ENDPOINT: 'https://management.azure.com',
    TASK_HUB_NAME: 'autopilotpackage',
    REBUILD_SCHEDULE: '0 0 2 * * *',
    PRUNE_SCHEDULE: '0 30 3 * * *',
    POLICY_SCAN_SCHEDULE: '0 0 6 * * MON',
    AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  };
}

/**
 * Loads the packaged app once in a fresh `node` (as a host's cold start does) and writes the bytecode V8 compiled
 * for it beside the bundle. Returns the cache's size.
 */
export function writeCodeCache(appDir: string, catalogFile: string): number {
  const entry = join(appDir, ENTRY_FILE);
  const cacheFile = join(appDir, CODE_CACHE_FILE);
  const script = `require('node:fs').writeFileSync(${JSON.stringify(cacheFile)}, require(${JSON.stringify(entry)}).codeCache().data);`;
  const run = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env['PATH'] ?? '', ...packagingSettings(catalogFile) }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`loading the packaged app to make its code cache failed (exit ${String(run.status)}): ${run.stderr}`);
  return statSync(cacheFile).size;
}
