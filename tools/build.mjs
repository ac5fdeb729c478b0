/**
 * `npm run build`: emits what the four emitting tsc runs emitted — the same files at the same paths, each with its
 * source map, and the JSON files the code imports — as a file-by-file esbuild transpile.
 *
 * Why: those tsc runs parsed the Node and SDK typings four times over and spent ~25 s (36 s CPU) of every `npm test`
 * and `npm run local` on it, while esbuild emits the same in about a second. Type errors are `npm run typecheck`'s job:
 * one tsc program over every folder. A transpile sees one file at a time, so `isolatedModules` in tsconfig.json makes
 * the type check refuse what only a whole-program emit could compile.
 *
 * As tsc emits a program (every local file its roots reach, wherever it lives), each target emits the closure of its
 * roots: esbuild's own resolution lists it (metafile of a bundle pass that writes nothing), then each file is
 * transpiled on its own, so the layout (and every `__dirname`) is what tsc gave.
 *
 * Silent on success, as tsc was: `npm run -s policy -- --sarif > report.sarif` gets only the report on stdout.
 */
import { build } from 'esbuild';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const at = (...parts) => join(root, ...parts);

/** Every .ts file under `folder`, tests and build output left out. */
function sources(folder) {
  return readdirSync(at(folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .filter((file) => !relative(root, file).split(/[\\/]/).includes('dist'));
}

// Roots are listed when a target is built: a build of some targets needs only their folders.
const allTargets = [
  { name: 'app', tsconfig: 'tsconfig.build.json', roots: () => [...sources('functions'), ...sources('shared'), ...sources('scripts')], outbase: '.', outdir: 'dist' },
  {
    name: 'azure-offline',
    tsconfig: 'packages/azure-offline/tsconfig.build.json',
    roots: () => [
      ...sources('packages/azure-offline/src'),
      at('packages/azure-offline/test/fixtures/host-app/index.ts'),
      at('packages/azure-offline/test/fixtures/durable-app/index.ts'),
      at('packages/azure-offline/test/fixtures/durable-app/runHost.ts'),
    ],
    outbase: 'packages/azure-offline',
    outdir: 'packages/azure-offline/dist',
  },
  // The tools reach the offline Azure as its consumers do, through the package (its build): `paths` is empty there.
  { name: 'tools', tsconfig: 'tools/tsconfig.json', roots: () => sources('tools'), outbase: '.', outdir: 'tools/dist' },
];

async function closure(target) {
  const roots = target.roots();
  const { metafile } = await build({
    absWorkingDir: root,
    entryPoints: roots,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    packages: 'external',
    tsconfig: at(target.tsconfig),
    outdir: at(target.outdir),
    logLevel: 'silent',
  });
  // A file that holds only types is left out of a bundle's inputs even as an entry point; tsc emits it all the same.
  return [...new Set([...roots, ...Object.keys(metafile.inputs).map((file) => at(file))])];
}

async function emit(target) {
  const files = await closure(target);
  const outdir = at(target.outdir);
  await build({
    absWorkingDir: root,
    entryPoints: files.filter((file) => file.endsWith('.ts')),
    outbase: at(target.outbase),
    outdir,
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    tsconfig: at(target.tsconfig),
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
  for (const json of files.filter((file) => file.endsWith('.json'))) {
    const to = join(outdir, relative(at(target.outbase), json));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(json, to);
  }
}

/** The status page: browser ES modules, loaded as they are (no bundler), beside its static files. */
async function emitUi() {
  await build({
    absWorkingDir: root,
    entryPoints: sources('ui/src'),
    outbase: at('ui/src'),
    outdir: at('dist/ui'),
    bundle: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    tsconfig: at('ui/tsconfig.json'),
    logLevel: 'warning',
  });
  cpSync(at('ui/static'), at('dist/ui'), { recursive: true });
}

// `--only app` (Core Tools publishes dist/ alone: docs/deploy.md) builds the app without the page, tools or emulator.
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt === -1 ? undefined : (process.argv[onlyAt + 1] ?? '').split(',');
const known = [...allTargets.map((target) => target.name), 'ui'];
const unknown = (only ?? []).filter((name) => !known.includes(name));
if (unknown.length > 0 || (only !== undefined && only.length === 0)) {
  console.error(`--only takes a comma-separated list of ${known.join(', ')}; got ${unknown.join(', ') || 'nothing'}`);
  process.exit(2);
}
const targets = allTargets.filter((target) => only === undefined || only.includes(target.name));
const withUi = only === undefined || only.includes('ui');
// A fresh output folder, so no file of a deleted source lingers; the page's folder inside dist/ stays unless rebuilt.
for (const target of targets) {
  const outdir = at(target.outdir);
  const kept = !withUi && target.outdir === 'dist' ? ['ui'] : [];
  for (const entry of existsSync(outdir) ? readdirSync(outdir) : []) if (!kept.includes(entry)) rmSync(join(outdir, entry), { recursive: true, force: true });
}
if (withUi) rmSync(at('dist/ui'), { recursive: true, force: true });
await Promise.all(targets.map(emit));
if (withUi) await emitUi();
if (targets.some((target) => target.name === 'tools')) {
  const bin = JSON.parse(readFileSync(at('package.json'), 'utf8')).bin['image-autopilot'];
  chmodSync(at(bin), 0o755);
}
