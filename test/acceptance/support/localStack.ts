/**
 * The product as a newcomer runs it (`npm run local`), driven only through public interfaces: the compiled CLI is
 * spawned with a fresh state folder; the test speaks HTTP to the Functions host and HTTPS (trusting the written CA)
 * to the emulated ARM and its control API. Nothing of the product or the emulator is imported.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { ADMIN_ROLE, TEST_TOKEN_LIFETIME_SECONDS, useApiToken, withApiAuth } from '../../support/apiAuth';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'tools/dist/tools/local/cli.js');

export interface Endpoints {
  functions: string;
  arm: string;
  armCaFile: string;
  tableEndpoint: string;
  subscriptionId: string;
  galleryId: string;
  stagingResourceGroup: string;
  stateDir: string;
  /** The Operator token the banner prints (sign-in on, the default). */
  token?: string;
  functionKey?: string;
}

export interface JsonResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text: string;
}

export interface LocalStack {
  endpoints: Endpoints;
  caPem: string;
  /** The folder holding the state folder, the endpoints file and any edited catalog. */
  dir: string;
  /** The CLI's process. */
  pid: number;
  /** Output of the CLI so far (for failure messages). */
  output(): string;
  /** SIGKILL, as a crash: the state folder stays, so `startLocal({ dir })` resumes from it. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Ready = the endpoints file written and the banner after it read (the pipe may bring it a moment later). */
async function waitForEndpoints(file: string, child: ChildProcess, output: () => string): Promise<Endpoints> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the local CLI exited with ${child.exitCode}:\n${output()}`);
    if (fs.existsSync(file) && output().includes('Stop with Ctrl-C.')) return JSON.parse(fs.readFileSync(file, 'utf8')) as Endpoints;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no endpoints file after 60 s:\n${output()}`);
}

export interface LocalOptions {
  /** Edits a copy of catalog.sample.yaml handed to the CLI with `--catalog` (a catalog change between deployments). */
  editCatalog?: (catalog: Record<string, unknown>) => void;
  /** Reuse the folder of a killed stack (its state folder and catalog); the caller then owns its removal. */
  dir?: string;
}

/** Starts `npm run local` (compiled CLI, committed seed, sample catalog) on ephemeral ports, timers off. */
export async function startLocal(options: LocalOptions = {}): Promise<LocalStack> {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm test does)`);
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'autopilot-acceptance-'));
  const endpointsFile = path.join(dir, 'endpoints.json');
  fs.rmSync(endpointsFile, { force: true });
  const args = [cli, '--port', '0', '--state', path.join(dir, 'state'), '--endpoints-file', endpointsFile, '--no-timers'];
  const editedCatalog = path.join(dir, 'catalog.yaml');
  if (options.dir !== undefined && fs.existsSync(editedCatalog)) args.push('--catalog', editedCatalog);
  else if (options.editCatalog) {
    const catalog = YAML.parse(fs.readFileSync(path.join(root, 'catalog.sample.yaml'), 'utf8')) as Record<string, unknown>;
    options.editCatalog(catalog);
    fs.writeFileSync(editedCatalog, YAML.stringify(catalog));
    args.push('--catalog', editedCatalog);
  }
  let output = '';
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const removeDir = () => {
    if (options.dir === undefined) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    const endpoints = await waitForEndpoints(endpointsFile, child, () => output);
    const caPem = fs.readFileSync(endpoints.armCaFile, 'utf8');
    await useAdminToken(endpoints.arm, caPem);
    return {
      endpoints,
      dir,
      pid: child.pid ?? -1,
      caPem,
      output: () => output,
      async kill() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await exited;
        }
      },
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }
        removeDir();
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    removeDir();
    throw error;
  }
}

export interface LocalRun {
  code: number | null;
  output: string;
}

/**
 * Runs the CLI with `args` until it exits, for starts that must be refused. One that starts instead (it writes
 * `endpointsFile`) is stopped and reported as code null, so a missing refusal fails the test instead of hanging it.
 */
export async function runLocalToExit(args: string[], endpointsFile: string, timeoutMs = 30_000): Promise<LocalRun> {
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm test does)`);
  const child = spawn(process.execPath, [cli, '--endpoints-file', endpointsFile, '--no-timers', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  while (child.exitCode === null && child.signalCode === null) {
    if (fs.existsSync(endpointsFile) || Date.now() > deadline) {
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      return { code: null, output };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { code: await exited, output };
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => (out[key.toLowerCase()] = value));
  return out;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as is instead of JSON-encoding `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** HTTP to the Functions host (plain fetch, as any client). */
/**
 * An Admin's token from the running emulator's Entra ID becomes the default of `call` (the banner's token is an
 * Operator's; these checks also apply prunes and promote). Its lifetime is counted on the emulator's fast clock.
 */
async function useAdminToken(arm: string, caPem: string): Promise<void> {
  const minted = await armCall(`${arm}/_emulator/tokens`, caPem, 'POST', { body: { name: 'acceptance-admin@contoso.test', roles: [ADMIN_ROLE], lifetimeSeconds: TEST_TOKEN_LIFETIME_SECONDS } });
  const token = (minted.body as { access_token?: unknown } | undefined)?.access_token;
  if (minted.status !== 200 || typeof token !== 'string') throw new Error(`the emulator minted no token (${minted.status}): ${minted.text}`);
  useApiToken(token);
}

/** One HTTP call; to the app's /api it is signed in as the default test caller (test/support/apiAuth.ts) unless `headers` names its own. */
export async function call(url: string, method: string, options: RequestOptions = {}): Promise<JsonResponse> {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const res = await fetch(url, {
    method,
    headers: withApiAuth({ ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers }),
    ...(body === undefined ? {} : { body }),
  });
  const text = await res.text();
  return { status: res.status, headers: headersOf(res.headers), body: parse(text), text };
}

/** HTTPS to the emulated ARM or its control API, trusting the CA the CLI wrote (global fetch cannot add a CA). */
export function armCall(url: string, caPem: string, method: string, options: RequestOptions = {}): Promise<JsonResponse> {
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method, ca: caPem, headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers: Record<string, string> = {};
          for (const [key, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 0, headers, body: parse(text), text });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
