/**
 * Loads an app entry in a fresh `node` with valid settings, as a host's cold start does: what it loaded, and how long
 * the process took next to a bare `node` (figures for the bench; tests assert what was loaded, never how fast).
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { resolve } from 'node:path';

/** Valid settings over the sample catalog; no endpoint is called while the app loads. */
export function coldStartSettings(): Record<string, string> {
  return {
    CATALOG_PATH: resolve(process.cwd(), 'catalog.sample.yaml'),
    AZURE_ARM_ENDPOINT: 'https://management.azure.com',
    TASK_HUB_NAME: 'autopilotcoldstart',
    REBUILD_SCHEDULE: '0 0 2 * * *',
    PRUNE_SCHEDULE: '0 30 3 * * *',
    POLICY_SCAN_SCHEDULE: '0 0 6 * * MON',
    ARM_POLL_MIN_SECONDS: '15',
    ARM_POLL_MAX_SECONDS: '300',
    ARM_MAX_RETRY_AFTER_SECONDS: '60',
    AzureWebJobsStorage: 'UseDevelopmentStorage=true',
  };
}

function runNode(script: string): { stdout: string; ms: number } {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['-e', script], { env: { PATH: process.env['PATH'] ?? '', ...coldStartSettings() }, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`node exited ${String(run.status)}: ${run.stderr}`);
  return { stdout: run.stdout, ms };
}

/** The files in require.cache once the entry has loaded (the bundle's own files, or every module of dist/). */
export function modulesLoadedBy(entry: string): string[] {
  const { stdout } = runNode(`require(${JSON.stringify(entry)}); process.stdout.write(JSON.stringify(Object.keys(require.cache)));`);
  return JSON.parse(stdout) as string[];
}

/**
 * The functions compiled from source text (`new Function(..., body)`) while the entry loads: code generated at start,
 * like zod's fast parsers, that the cold start pays to compile. (An empty body is zod's one probe for eval support.)
 */
export function functionsGeneratedBy(entry: string): number {
  const { stdout } = runNode(
    `let generated = 0; const F = Function;
globalThis.Function = new Proxy(F, { construct: (t, args) => { if (String(args.at(-1) ?? '') !== '') generated++; return Reflect.construct(t, args); } });
require(${JSON.stringify(entry)}); process.stdout.write(String(generated));`,
  );
  return Number(stdout);
}

/**
 * Loads the packaged entry and asks it whether V8 took the code cache it was given (false too when it had none), and
 * how many functions the app registered, to show the load went through.
 */
export function codeCacheRejectedBy(entry: string): { rejected: boolean; registered: number } {
  const { stdout } = runNode(
    `let registered = 0; const warn = console.warn; console.warn = (line, ...rest) => { if (/register function/.test(line)) registered++; else warn(line, ...rest); };
const { rejected } = require(${JSON.stringify(entry)}).codeCache(); process.stdout.write(JSON.stringify({ rejected, registered }));`,
  );
  return JSON.parse(stdout) as { rejected: boolean; registered: number };
}

/** The child's own CPU time (user + system), which other work on a loaded machine disturbs less than wall time. */
const PRINT_CPU_MS = `const cpu = process.cpuUsage(); process.stdout.write(String((cpu.user + cpu.system) / 1000));`;

/** Wall and CPU time of a `node` that loads the entry, and of a bare `node`, run alternately. */
export function coldStartMs(entry: string): { app: number; bare: number; appCpu: number; bareCpu: number } {
  const bare = runNode(PRINT_CPU_MS);
  const app = runNode(`require(${JSON.stringify(entry)}); ${PRINT_CPU_MS}`);
  return { app: app.ms, bare: bare.ms, appCpu: Number(app.stdout), bareCpu: Number(bare.stdout) };
}

export const AZURE_SDKS = ['@azure/arm-compute', '@azure/arm-authorization', '@azure/identity', '@azure/eventgrid'] as const;
