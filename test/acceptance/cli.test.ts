/**
 * Acceptance: `npx image-autopilot` (docs/cli.md) as a user runs it — the package's bin, compiled, spawned as a
 * subprocess — against `npm run local`. Progress is read as the one-line-per-step output a pipe gets.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { Client } from './support/kit';
import { startLocal, type LocalStack } from './support/localStack';
import { apiToken } from '../support/apiAuth';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const bin = path.join(root, pkg.bin['image-autopilot'] ?? 'missing-bin');

let stack: LocalStack;
let client: Client;
beforeAll(async () => {
  if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run "npm run build" first`);
  stack = await startLocal();
  client = new Client(stack);
});
afterAll(async () => {
  await stack?.stop();
});

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runIn(cwd: string, command: string, args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    // Signed in as the stack's default caller (an Admin), as a user passing --token would be.
    const token = apiToken() ?? '';
    const child = spawn(command, args, { cwd, env: { ...process.env, IMAGE_AUTOPILOT_URL: '', IMAGE_AUTOPILOT_KEY: '', IMAGE_AUTOPILOT_TOKEN: token, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI with the stack's URL (`--url` before the command, as a global option). */
const cli = (...args: string[]) => runIn(root, process.execPath, [bin, '--url', stack.endpoints.functions, '--interval', '200', ...args]);
const cliJson = async <T>(...args: string[]): Promise<T> => {
  const ran = await cli('--json', ...args);
  expect(ran.code, ran.stderr).toBe(0);
  return JSON.parse(ran.stdout) as T;
};
const shown = (ran: Ran) => `exit ${ran.code}\nstdout:\n${ran.stdout}\nstderr:\n${ran.stderr}`;

async function finalStatus(runId: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const run = await cliJson<{ status: string }>('run', runId);
    if (!['Pending', 'Running'].includes(run.status)) return run.status;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${runId} never ended`);
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const CATALOG_IMAGES = (YAML.parse(fs.readFileSync(path.join(root, 'catalog.sample.yaml'), 'utf8')) as { images: { name: string }[] }).images.map((i) => i.name);
const UBUNTU = 'ubuntu-2204-base';
const WINDOWS = 'windows-2022-base';

describe('npx image-autopilot against npm run local', () => {
  it('images: a table of the catalog, and --json the API answer', async () => {
    const table = await cli('images');
    expect(table.code, shown(table)).toBe(0);
    expect(table.stdout).toMatch(/^IMAGE\s+LATEST\s+VERSIONS\s+LAST BUILD\s+PAUSED$/m);
    for (const name of CATALOG_IMAGES) expect(table.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    const json = await cliJson<{ images: { name: string }[] }>('images');
    expect(json.images.map((i) => i.name)).toEqual(CATALOG_IMAGES);
    expect(CATALOG_IMAGES).toEqual(expect.arrayContaining([UBUNTU, WINDOWS]));
  });

  it('build --wait follows the run step by step to Completed (exit 0), and runs --image lists it', async () => {
    const ran = await cli('build', UBUNTU, '--reason', 'cli acceptance', '--wait');
    expect(ran.code, shown(ran)).toBe(0);
    const lines = ran.stdout.trim().split('\n');
    const done = /^(build-\S+) Completed \(version (\S+)\)$/.exec(lines.at(-1) ?? '');
    expect(done, shown(ran)).not.toBeNull();
    const steps = lines.slice(0, -1);
    expect(steps.length, shown(ran)).toBeGreaterThanOrEqual(3);
    for (const line of steps) expect(line).toMatch(/^\d+% \S+/);
    // A line for each change of step or detail: never the same one twice in a row.
    expect(steps.filter((line, i) => i > 0 && line.replace(/^\d+% /, '') === steps[i - 1]?.replace(/^\d+% /, ''))).toEqual([]);
    const runId = done?.[1] ?? '';

    const listed = await cli('runs', '--image', UBUNTU, '--kind', 'build');
    expect(listed.code, shown(listed)).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${runId}\\s+build\\s+${UBUNTU}\\s+Completed`, 'm'));
    const json = await cliJson<{ runs: { runId: string; reason?: string }[] }>('runs', '--image', UBUNTU);
    expect(json.runs.find((r) => r.runId === runId)?.reason).toBe('cli acceptance');
  });

  it('import --managed-image --wait publishes the seeded portal-captured managed image, promoted; importing it again answers that run', async () => {
    const managedImage = `/subscriptions/${stack.endpoints.subscriptionId}/resourceGroups/rg-captures/providers/Microsoft.Compute/images/img-portal-ubuntu-2204`;
    const ran = await cli('import', UBUNTU, '--managed-image', managedImage, '--wait');
    expect(ran.code, shown(ran)).toBe(0);
    const done = /^(import-\S+) Completed \(version (\S+)\)$/.exec(ran.stdout.trim().split('\n').at(-1) ?? '');
    expect(done, shown(ran)).not.toBeNull();
    const [, runId = '', version = ''] = done ?? [];
    const run = await cliJson<{ kind: string; output: { version: string; promoted: boolean } }>('run', runId);
    expect(run).toMatchObject({ kind: 'import', output: { version, promoted: true } });
    const again = await cliJson<{ runId: string; runtimeStatus: string }>('import', UBUNTU, '--managed-image', managedImage);
    expect(again).toMatchObject({ runId, runtimeStatus: 'Completed' });
  });

  it('cancel of a running build exits 0, then run <id> shows it Cancelled', async () => {
    // The build VM's creation is held for a few seconds so the run is surely still running when cancelled.
    expect((await client.control('POST', 'faults', { method: 'PUT', path: '/virtualMachines/', latencyMs: 4000, count: 1 })).status).toBe(201);
    try {
      const started = await cliJson<{ runId: string }>('build', WINDOWS);
      const cancelled = await cli('cancel', started.runId);
      expect(cancelled.code, shown(cancelled)).toBe(0);
      expect(cancelled.stdout).toContain(`cancel requested for ${started.runId}`);
      expect(await finalStatus(started.runId)).toBe('Cancelled');
      const shownRun = await cli('run', started.runId);
      expect(shownRun.code, shown(shownRun)).toBe(0);
      expect(shownRun.stdout).toMatch(/^status\s+Cancelled/m);
      expect(shownRun.stdout).toMatch(/^error\s+CANCELLED/m);
    } finally {
      await client.control('DELETE', 'faults');
    }
  });

  it('a build that fails, followed with --wait, exits 1 and says it Failed and why', async () => {
    expect((await client.control('POST', 'runcommand-failures', { exitCode: 3, output: 'cli acceptance breaks it' })).status).toBe(201);
    try {
      const ran = await cli('build', UBUNTU, '--wait');
      expect(ran.code, shown(ran)).toBe(1);
      expect(ran.stderr).toMatch(/^build-\S+ ended Failed: STEP_FAILED/m);
    } finally {
      await client.control('DELETE', 'runcommand-failures');
    }
  });

  it('a Degraded build followed with --wait exits 1, and its last line says why', async () => {
    expect((await client.control('POST', 'faults', { path: `/images/${UBUNTU}/versions/`, region: 'northeurope', count: 50 })).status).toBe(201);
    try {
      const ran = await cli('build', UBUNTU, '--wait');
      expect(ran.code, shown(ran)).toBe(1);
      expect(ran.stderr.trim().split('\n').at(-1), shown(ran)).toMatch(/^build-\S+ ended Degraded: published \S+ unpromoted: replication failed in northeurope$/);
    } finally {
      await client.control('DELETE', 'faults');
    }
  });

  it('prune <image> shows each version\'s detail beside its action and reason', async () => {
    const plan = await cliJson<{ items: { version: string; action: string; reason: string; detail?: string }[] }>('prune', UBUNTU);
    expect(plan.items.filter((i) => i.detail !== undefined && i.detail !== '').length).toBeGreaterThan(0);
    const table = await cli('prune', UBUNTU);
    expect(table.code, shown(table)).toBe(0);
    expect(table.stdout).toMatch(/^VERSION\s+ACTION\s+REASON\s+END OF LIFE\s+DETAIL$/m);
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    for (const i of plan.items) {
      expect(table.stdout, shown(table)).toMatch(new RegExp(`^${escaped(i.version)}\\s+${i.action}\\s+${i.reason}\\s+\\S+\\s+${escaped(i.detail === undefined || i.detail === '' ? '-' : i.detail)}$`, 'm'));
    }
  });

  it('resume of an image that is not paused says that nothing changed', async () => {
    const ran = await cli('resume', WINDOWS);
    expect(ran.code, shown(ran)).toBe(0);
    expect(ran.stdout).toBe(`${WINDOWS} was not paused; nothing changed\n`);
  });

  it('usage errors exit 2: commander\'s and the API\'s 404 with its code and details', async () => {
    const unknown = await cli('bogus');
    expect(unknown.code, shown(unknown)).toBe(2);
    const missing = await cli('image', 'no-such-image');
    expect(missing.code, shown(missing)).toBe(2);
    expect(missing.stderr).toMatch(/^error: 404 NOT_FOUND: .+\n {2}image: /);
    const badFilter = await cli('runs', '--kind', 'nonsense');
    expect(badFilter.code, shown(badFilter)).toBe(2);
    expect(badFilter.stderr).toContain('400 VALIDATION_FAILED');
    expect(badFilter.stderr).toMatch(/^ {2}kind: /m);
  });

  it('an unreachable URL exits 3', async () => {
    const ran = await runIn(root, process.execPath, [bin, '--url', `http://127.0.0.1:${await closedPort()}`, 'images']);
    expect(ran.code, shown(ran)).toBe(3);
    expect(ran.stderr).toContain('cannot reach');
  });

  it('policy scan --wait, then policy report --sarif prints SARIF 2.1.0 with resource-ID locations', async () => {
    const scan = await cli('policy', 'scan', '--wait');
    expect(scan.code, shown(scan)).toBe(0);
    const report = await cli('policy', 'report');
    expect(report.code, shown(report)).toBe(0);
    expect(report.stdout).toMatch(/^policy report of \S+: \d+ high, \d+ medium, \d+ low$/m);
    const sarif = await cli('policy', 'report', '--sarif');
    expect(sarif.code, shown(sarif)).toBe(0);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: { results: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] };
    expect(log.version).toBe('2.1.0');
    const results = log.runs[0]?.results ?? [];
    expect(results.length).toBeGreaterThan(0);
    expect(sarif.stdout).not.toContain(root);
    for (const result of results) for (const location of result.locations) expect(location.logicalLocations[0]?.fullyQualifiedName).toMatch(/^\/subscriptions\//);
  });

  it('runs as npx image-autopilot and finds the endpoint in .local/endpoints.json of the folder it runs in', async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'autopilot-cli-'));
    try {
      fs.mkdirSync(path.join(cwd, '.local'));
      fs.writeFileSync(path.join(cwd, '.local', 'endpoints.json'), JSON.stringify(stack.endpoints));
      // No token given: the CLI signs in with the Operator token npm run local wrote there.
      expect(stack.endpoints.token).toEqual(expect.any(String));
      const found = await runIn(cwd, process.execPath, [bin, '--json', 'images'], { IMAGE_AUTOPILOT_TOKEN: '' });
      expect(found.code, shown(found)).toBe(0);
      expect((JSON.parse(found.stdout) as { images: unknown[] }).images).toHaveLength(CATALOG_IMAGES.length);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
    // `--no`: never fetch a package of that name from the registry; `--`: npm then leaves every later flag alone.
    const viaNpx = await runIn(root, 'npx', ['--no', '--', 'image-autopilot', '--json', 'images'], { IMAGE_AUTOPILOT_URL: stack.endpoints.functions });
    expect(viaNpx.code, shown(viaNpx)).toBe(0);
    expect((JSON.parse(viaNpx.stdout) as { images: unknown[] }).images).toHaveLength(CATALOG_IMAGES.length);
  });
});
