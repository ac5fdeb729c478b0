import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClock, startArmEmulator, type ArmEmulator, type LocalHost } from '@image-autopilot/azure-offline';
import { createAzureAdapters } from '../../shared/adapters/azure/createAzureAdapters';
import { aCatalog, GALLERY, GALLERY_RG, STAGING_RG, SUBSCRIPTION } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { appEntry, appSettings, clockStart, httpsJson, mergedSeed, startAppHost, useAdminToken, writeCatalog } from '../support/stack';

/**
 * Host killed mid-build and restarted (issue 6): the first host runs the compiled app in a child process that the
 * test kills with SIGKILL once the build VM is being created; a second host in this process resumes from the same
 * Durable state folder against the same emulated ARM.
 */
const dir = mkdtempSync(join(tmpdir(), 'autopilot-restart-'));
const stateDir = join(dir, 'state');
let child: ChildProcess | undefined;
let arm: ArmEmulator | undefined;
let second: LocalHost | undefined;

afterAll(async () => {
  child?.kill('SIGKILL');
  await second?.stop();
  await arm?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const CHILD_SCRIPT = `
const [settings, stateDir, start, entry] = process.argv.slice(1);
const { createClock, durableBackendFactory, startLocalHost } = require('@image-autopilot/azure-offline');
startLocalHost({
  appEntry: entry, settings: JSON.parse(settings), port: 0, timers: false, stateDir,
  clock: createClock({ mode: 'virtual', start: new Date(start) }), durable: durableBackendFactory(), log: () => {},
}).then((host) => console.log('READY ' + host.url), (error) => { console.error(error); process.exit(1); });
`;

function startChild(settings: Record<string, string>): Promise<string> {
  child = spawn(process.execPath, ['-e', CHILD_SCRIPT, JSON.stringify(settings), stateDir, clockStart.toISOString(), appEntry], {
    // From the repository root, where the workspace links the package's build.
    cwd: resolve(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolveUrl, reject) => {
    let out = '';
    let err = '';
    child?.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\S+)/.exec(out);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child?.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child?.on('exit', (code) => reject(new Error(`host process exited with ${code}: ${err}`)));
  });
}

describe('host killed mid-build', () => {
  it('resumes after a restart: exactly one version, promoted, and no build VM left', async () => {
    const catalog = aCatalog();
    const clock = createClock({ mode: 'virtual', start: clockStart });
    arm = await startArmEmulator({ port: 0, clock, seed: mergedSeed(catalog) });
    const emulator = arm;
    const settings = appSettings(emulator, writeCatalog(dir, catalog));
    const requests = async () =>
      ((await httpsJson(`${emulator.url}/_emulator/requests`, emulator.caPem, 'GET')).body as { requests: { method: string; path: string; status: number }[] }).requests;

    const firstUrl = await startChild(settings);
    await useAdminToken(settings);
    const started = await postJson(`${firstUrl}/api/images/ubuntu-web/builds`, {});
    expect(started.status).toBe(202);
    const runId = runIdOf(started);
    // Kill once the build VM's PUT went out (the create-only PUT is createBuildVm's first request). Generous: with every test file running at once on 2 cores the child may take a while.
    for (let i = 0; i < 3000; i++) {
      const log = await requests();
      if (log.some((r) => r.method === 'PUT' && /\/virtualMachines\/iab[0-9a-f]{8}$/i.test(r.path))) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const before = await requests();
    expect(before.filter((r) => r.method === 'PUT' && /\/virtualMachines\/iab/i.test(r.path)), JSON.stringify(before.map((r) => `${r.method} ${r.path}`))).toHaveLength(1);
    const exited = new Promise((r) => child?.once('exit', r));
    child?.kill('SIGKILL');
    await exited;
    child = undefined;

    const resumed = await startAppHost({ clock, settings, log: () => undefined, stateDir });
    second = resumed.host;
    const status = await runUntilDone({ backend: resumed.backend, url: resumed.host.url, clock }, runId);
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    expect(status.output).toMatchObject({ version: '1.0.0', promoted: true });

    const reader = createAzureAdapters({ armEndpoint: emulator.url, caPem: emulator.caPem, clientId: undefined, defaultSubscriptionId: SUBSCRIPTION, maxRetryAfterSeconds: 60 });
    const versions = await reader.gallery.listImageVersions({ subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' });
    expect(versions.map((v) => v.name)).toEqual(['1.0.0']);
    expect(await reader.compute.listVms(SUBSCRIPTION, STAGING_RG)).toEqual([]);
    // One build VM only: the resumed host re-ran activities idempotently instead of creating a second VM. A re-run
    // createBuildVm's create-only PUT is refused (412) and writes nothing; only the first one created the VM.
    const vmPuts = (await requests()).filter((r) => r.method === 'PUT' && /\/virtualMachines\/iab[0-9a-f]{8}$/i.test(r.path));
    expect(vmPuts.filter((r) => r.status < 300)).toHaveLength(1);
    expect(vmPuts.filter((r) => r.status >= 300).map((r) => r.status)).toEqual(vmPuts.length > 1 ? [412] : []);
  });
});
