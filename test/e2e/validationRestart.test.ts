import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClock, startArmEmulator, type ArmEmulator, type LocalHost } from '@image-autopilot/azure-offline';
import { createAzureAdapters } from '../../shared/adapters/azure/createAzureAdapters';
import { aCatalog, anImageNamed, GALLERY, GALLERY_RG, STAGING_RG, SUBSCRIPTION } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { appEntry, appSettings, clockStart, httpsJson, mergedSeed, startAppHost, useAdminToken, writeCatalog } from '../support/stack';

/**
 * Host killed (SIGKILL) while its build validates and restarted: the first host runs the compiled app in a child
 * process whose virtual clock moves only when the test says so (a line `advance <s>` on its stdin), in step with the
 * emulated ARM's. A run never passes a durable timer on its own, so once a test VM's PUT is in ARM's log the VM exists
 * and its run is waiting: the kill lands during validation every time, whatever the machine's load.
 */
const dir = mkdtempSync(join(tmpdir(), 'autopilot-val-restart-'));
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
const clock = createClock({ mode: 'virtual', start: new Date(start) });
let pending = '';
process.stdin.on('data', (chunk) => {
  pending += chunk.toString();
  const lines = pending.split('\\n');
  pending = lines.pop();
  for (const line of lines) if (line.startsWith('advance ')) clock.advance(Number(line.slice(8)));
});
startLocalHost({
  appEntry: entry, settings: JSON.parse(settings), port: 0, timers: false, stateDir, clock, durable: durableBackendFactory(), log: () => {},
}).then((host) => console.log('READY ' + host.url), (error) => { console.error(error); process.exit(1); });
`;

function startChild(settings: Record<string, string>): Promise<string> {
  child = spawn(process.execPath, ['-e', CHILD_SCRIPT, JSON.stringify(settings), stateDir, clockStart.toISOString(), appEntry], {
    cwd: resolve(__dirname, '../..'),
    stdio: ['pipe', 'pipe', 'pipe'],
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

const TEST_VM_PUT = /\/virtualMachines\/iab[0-9a-f]{8}-t\d$/i;
const NE_SUBNET = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-ne/subnets/test`;

describe('host killed during validation', () => {
  it('resumes after a restart: validation finishes, the version is promoted, and no test VM is left', async () => {
    const image = anImageNamed('img-val-restart', {
      validation: {
        regions: ['westeurope', 'northeurope'],
        subnets: { northeurope: NE_SUBNET },
        steps: [{ name: 'boots', type: 'shell', inline: ['systemctl is-system-running --wait'], timeoutSeconds: 300 }],
        timeoutMinutes: 30,
        approval: 'none',
        approvalTimeoutHours: 72,
      },
    });
    const catalog = aCatalog({ images: [image] });
    const clock = createClock({ mode: 'virtual', start: clockStart });
    arm = await startArmEmulator({ port: 0, clock, seed: mergedSeed(catalog) });
    const emulator = arm;
    const settings = appSettings(emulator, writeCatalog(dir, catalog));
    const requests = async () =>
      ((await httpsJson(`${emulator.url}/_emulator/requests`, emulator.caPem, 'GET')).body as { requests: { method: string; path: string }[] }).requests;
    const reader = createAzureAdapters({ armEndpoint: emulator.url, caPem: emulator.caPem, clientId: undefined, defaultSubscriptionId: SUBSCRIPTION, maxRetryAfterSeconds: 60 });

    const firstUrl = await startChild(settings);
    await useAdminToken(settings);
    const runId = runIdOf(await postJson(`${firstUrl}/api/images/${image.name}/builds`, {}));
    // Both clocks move together, 15 s a step, until a test VM was PUT; the child can do nothing more before the next step.
    let step = 0;
    for (; step < 3000 && !(await requests()).some((r) => r.method === 'PUT' && TEST_VM_PUT.test(r.path)); step++) {
      child?.stdin?.write('advance 15\n');
      clock.advance(15);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(step).toBeLessThan(3000);
    const exited = new Promise((r) => child?.once('exit', r));
    child?.kill('SIGKILL');
    await exited;
    child = undefined;

    // The resumed host starts where the child's clock was (the ARM clock moved in step with it); until the clock
    // moves, its runs wait on their timers, so the test VMs the killed host created are still there.
    const resumed = await startAppHost({ clock, settings, log: () => undefined, stateDir });
    second = resumed.host;
    const testVmsAtKill = (await reader.compute.listVms(SUBSCRIPTION, STAGING_RG)).filter((vm) => /-t\d$/.test(vm.name));
    expect(testVmsAtKill.length).toBeGreaterThan(0);
    expect(testVmsAtKill.every((vm) => vm.tags['autopilot-instance'] === runId)).toBe(true);
    const status = await runUntilDone({ backend: resumed.backend, url: resumed.host.url, clock }, runId);
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    expect(status.output).toMatchObject({ version: '1.0.0', promoted: true, validation: { regions: [{ region: 'westeurope', passed: true }, { region: 'northeurope', passed: true }] } });
    const versions = await reader.gallery.listImageVersions({ subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: image.name });
    expect(versions.map((v) => [v.name, v.excludeFromLatest])).toEqual([['1.0.0', false]]);
    expect(await reader.compute.listVms(SUBSCRIPTION, STAGING_RG)).toEqual([]);
    // One test VM per region: the resumed runs re-ran activities idempotently instead of creating others.
    const puts = (await requests()).filter((r) => r.method === 'PUT' && TEST_VM_PUT.test(r.path)).map((r) => r.path.slice(-3));
    expect([...new Set(puts)].sort()).toEqual(['-t1', '-t2']);
  });
});
