import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEndpoints } from '../../tools/local/endpointsFile';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'tools/dist/tools/local/cli.js');

type Endpoints = LocalEndpoints;

/**
 * Ready = the endpoints file written and the banner read: the banner is printed right after the file, and the pipe may
 * deliver it a moment later on a busy machine.
 */
async function waitForFile(file: string, child: ChildProcess, output: () => string): Promise<Endpoints> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`npm run local exited with ${child.exitCode}:\n${output()}`);
    if (fs.existsSync(file) && output().includes('Stop with Ctrl-C.')) return JSON.parse(fs.readFileSync(file, 'utf8')) as Endpoints;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no endpoints file after 60 s:\n${output()}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function armGet(url: string, ca: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { ca }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
      })
      .on('error', reject);
  });
}

/** The README's first command, as a newcomer runs it: the compiled CLI with its committed seed and sample catalog. */
describe('npm run local', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autopilot-local-'));
  const endpointsFile = path.join(dir, 'endpoints.json');
  let child: ChildProcess;
  let output = '';
  let endpoints: Endpoints;

  beforeAll(async () => {
    if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run "npm run build" first (npm test does)`);
    child = spawn(process.execPath, [cli, '--port', '0', '--state', path.join(dir, 'state'), '--endpoints-file', endpointsFile, '--no-timers'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    endpoints = await waitForFile(endpointsFile, child, () => output);
  });

  afterAll(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the endpoints file as specified', () => {
    expect(Object.keys(endpoints).sort()).toEqual(['arm', 'armCaFile', 'functions', 'galleryId', 'stagingResourceGroup', 'stateDir', 'subscriptionId', 'tableEndpoint', 'token']);
    expect(endpoints.functions).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoints.arm).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoints.tableEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1$/);
    expect(path.isAbsolute(endpoints.armCaFile) && fs.existsSync(endpoints.armCaFile)).toBe(true);
    expect(path.isAbsolute(endpoints.stateDir)).toBe(true);
    expect(endpoints.galleryId).toBe('/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/gal_golden_images');
  });

  it('prints the URLs and example curl commands', () => {
    expect(output).toContain(`curl -s -H "$AUTH" ${endpoints.functions}/api/images`);
    expect(output).toContain(endpoints.arm);
  });

  it('serves the app against the seeded emulator to the signed-in Operator it printed, and nobody else', async () => {
    expect(output).toContain(endpoints.token ?? 'a token');
    expect((await fetch(`${endpoints.functions}/api/images`)).status).toBe(401);
    const response = await fetch(`${endpoints.functions}/api/images`, { headers: { authorization: `Bearer ${endpoints.token ?? ''}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { images: { name: string; latestVersion: string | null }[] };
    expect(body.images.map((i) => i.name).sort()).toEqual(['ubuntu-2204-base', 'ubuntu-2204-docker', 'windows-2022-base']);
    expect(body.images.every((i) => i.latestVersion !== null)).toBe(true);
  });

  it('shares the emulator clock through the control API with the trusted CA', async () => {
    const clock = await armGet(`${endpoints.arm}/_emulator/clock`, fs.readFileSync(endpoints.armCaFile, 'utf8'));
    expect(clock.status).toBe(200);
    expect(Number.isNaN(Date.parse((clock.body as { now: string }).now))).toBe(false);
  });

  it('stops cleanly on SIGTERM and removes the endpoints file', async () => {
    // The Table service runs in a process of its own, recorded in the state lock: it must end with the run.
    const { helpers } = JSON.parse(fs.readFileSync(path.join(dir, 'state', 'local.lock'), 'utf8')) as { helpers: number[] };
    expect(helpers).toHaveLength(1);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(helpers.filter(isAlive)).toEqual([]);
    expect(fs.existsSync(endpointsFile)).toBe(false);
    expect(fs.existsSync(path.join(dir, 'state', 'local.lock'))).toBe(false);
  });
});
