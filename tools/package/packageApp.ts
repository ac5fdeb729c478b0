/**
 * `npm run package`: the deployment artifact Flex Consumption runs. The app and every dependency are bundled into one
 * CommonJS file (one file to read and parse instead of ~800 module lookups on each cold start), app.js, which the
 * package's entry (index.js, package.json's "main") compiles with a V8 code cache made here (codeCache.ts); beside
 * them host.json; the folder is zipped for zip deploy. The infra/roles JSON the policy scan
 * judges against is imported by the app, so the bundle carries it inline. The status page's compiled files (`dist/ui`,
 * from `npm run build`) go in `ui/` beside the bundle, where the bundled app looks for them.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { APP_FILE, ENTRY_FILE, entrySource, writeCodeCache } from './codeCache';
import { DURABLE_DEPS_FILE, durableDepsBundleSource, durableDepsOnFirstUse } from './durableDepsOnFirstUse';
import { zipFolder } from './zipFolder';

export interface PackageOptions {
  /** The repository root (host.json, package.json, functions/index.ts). */
  root: string;
  /** Where the app folder and the zip go. */
  outDir: string;
  /** The user's catalog, copied into the package at `catalogPath` (CATALOG_PATH), when given. */
  catalog?: { file: string; catalogPath: string } | undefined;
}

export interface PackageResult {
  appDir: string;
  entry: string;
  zipFile: string;
  zipBytes: number;
  /** app.js, the app's bundle a cold start compiles. */
  bundleBytes: number;
  codeCacheBytes: number;
}

/** The Azure SDKs, bundled apart: half of all the code, which only activities and some routes run. */
const SDK_FILE = 'azure-sdk.js';
const LAZY_SDKS = [
  '@azure/arm-compute',
  '@azure/arm-authorization',
  '@azure/arm-msi',
  '@azure/data-tables',
  '@azure/eventgrid',
  '@azure/identity',
  // Telemetry: only where Application Insights is configured, and then on the first event. (@opentelemetry/api stays
  // in the app's bundle: durable-functions' client requires it at load.)
  '@azure/monitor-opentelemetry',
  '@opentelemetry/api-logs',
];

/**
 * A CommonJS bundle cannot split code, and V8 still reads and pre-parses a module it never runs. So the app's bundle
 * answers each SDK from the SDK bundle, required by the app's lazy loaders on first use: a cold start never reads it.
 */
const sdkFromItsOwnBundle: Plugin = {
  name: 'sdk-from-its-own-bundle',
  setup(plugin) {
    const names = new RegExp(`^(${LAZY_SDKS.join('|')})$`);
    plugin.onResolve({ filter: names }, (args) => ({ path: args.path, namespace: 'lazy-sdk' }));
    plugin.onLoad({ filter: /.*/, namespace: 'lazy-sdk' }, (args) => ({ contents: `module.exports = require('./${SDK_FILE}')[${JSON.stringify(args.path)}];`, loader: 'js' }));
    plugin.onResolve({ filter: new RegExp(`^\\./${SDK_FILE.replace('.', '\\.')}$`) }, (args) => ({ path: args.path, external: true }));
  },
};

/** The folder of the status page's files inside the package, beside the bundle (docs/ui.md). */
export const UI_DIR = 'ui';

/** The tsc build finds the page at `dist/ui` from `dist/functions/composition`; the bundle finds it beside itself. */
const uiAssetsBesideTheBundle: Plugin = {
  name: 'ui-assets-beside-the-bundle',
  setup(plugin) {
    plugin.onLoad({ filter: /[\\/]functions[\\/]composition[\\/]uiAssetsDir\.ts$/ }, () => ({
      contents: `module.exports = { UI_ASSETS_DIR: require('node:path').join(__dirname, ${JSON.stringify(UI_DIR)}) };`,
      loader: 'js',
    }));
  },
};

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // The Functions worker answers this module itself; the app's @azure/functions requires it at load.
  external: ['@azure/functions-core'],
  // CommonJS builds first: the app and the SDKs are CommonJS, and one copy of each dual package keeps instanceof sane.
  mainFields: ['main', 'module'],
  minifyWhitespace: true,
  minifySyntax: true,
  // Stack traces map back to the sources; the sources themselves stay out of the package (they are in the repository).
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
};

export async function packageApp(options: PackageOptions): Promise<PackageResult> {
  const appDir = join(options.outDir, 'app');
  rmSync(options.outDir, { recursive: true, force: true });
  mkdirSync(appDir, { recursive: true });
  const entry = join(appDir, ENTRY_FILE);
  const bundle = join(appDir, APP_FILE);
  await build({ ...common, entryPoints: [join(options.root, 'functions/index.ts')], outfile: bundle, plugins: [sdkFromItsOwnBundle, durableDepsOnFirstUse, uiAssetsBesideTheBundle] });
  writeFileSync(entry, entrySource());
  // Each SDK is a getter: requiring this file runs none of them, and one bundle keeps one copy of their shared core.
  const getters = LAZY_SDKS.map((name) => `  get ${JSON.stringify(name)}() { return require(${JSON.stringify(name)}); },`).join('\n');
  await build({ ...common, stdin: { contents: `module.exports = {\n${getters}\n};\n`, resolveDir: options.root, sourcefile: 'azure-sdk.js' }, outfile: join(appDir, SDK_FILE) });
  // Resolved from durable-functions' folder: the versions it would have required itself.
  const durableDir = dirname(require.resolve('durable-functions/package.json', { paths: [options.root] }));
  await build({ ...common, stdin: { contents: durableDepsBundleSource(), resolveDir: durableDir, sourcefile: DURABLE_DEPS_FILE }, outfile: join(appDir, DURABLE_DEPS_FILE) });
  const own = JSON.parse(readFileSync(join(options.root, 'package.json'), 'utf8')) as { name: string; version: string; engines?: unknown };
  writeFileSync(join(appDir, 'package.json'), `${JSON.stringify({ name: own.name, version: own.version, private: true, main: ENTRY_FILE, engines: own.engines }, null, 2)}\n`);
  copyFileSync(join(options.root, 'host.json'), join(appDir, 'host.json'));
  const builtUi = join(options.root, 'dist', UI_DIR);
  if (!existsSync(join(builtUi, 'index.html'))) throw new Error(`${builtUi} has no status page: run npm run build first`);
  cpSync(builtUi, join(appDir, UI_DIR), { recursive: true });
  if (options.catalog) {
    const target = resolve(appDir, options.catalog.catalogPath);
    if (!target.startsWith(`${appDir}/`)) throw new Error(`catalog path '${options.catalog.catalogPath}' must stay inside the package`);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(options.catalog.file, target);
  }
  // The sample catalog, not the one packaged: packaging never judged a catalog, and the load compiles the same code.
  const codeCacheBytes = writeCodeCache(appDir, join(options.root, 'catalog.sample.yaml'));
  const zipFile = join(options.outDir, 'app.zip');
  const zipBytes = await zipFolder(appDir, zipFile);
  return { appDir, entry, zipFile, zipBytes, bundleBytes: readFileSync(bundle).length, codeCacheBytes };
}
