/**
 * `npm run package [-- --catalog <file> [--catalog-path <path in the package>]]` → .package/app (the bundle,
 * host.json, package.json) and .package/app.zip, the zip to deploy (docs/deploy.md).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packageApp } from './packageApp';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { catalog: { type: 'string' }, 'catalog-path': { type: 'string', default: 'catalog.yaml' }, out: { type: 'string', default: '.package' } } });
  const root = process.cwd();
  const result = await packageApp({
    root,
    outDir: resolve(root, values.out),
    catalog: values.catalog === undefined ? undefined : { file: resolve(root, values.catalog), catalogPath: values['catalog-path'] },
  });
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  console.log(`bundle ${result.entry} (app.js ${kib(result.bundleBytes)}, its code cache ${kib(result.codeCacheBytes)}); zip ${result.zipFile} (${kib(result.zipBytes)})`);
  if (values.catalog === undefined) console.log('no catalog in the package: pass --catalog <file> (and --catalog-path, CATALOG_PATH) to ship yours in it');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
