import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClock } from '../../src/clock';
import { createGallery, FAST_POLL, startForTest, uniqueName, vmBody, type ArmTestContext } from './armTestKit';

const dirs: string[] = [];
const running: ArmTestContext[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) await t.emulator.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(stateDir: string, clock = createClock({ mode: 'virtual' })): Promise<ArmTestContext> {
  const t = await startForTest({ stateDir, clock, seed: { resourceGroups: [{ name: 'rg' }] } });
  running.push(t);
  return t;
}

describe('persistence in a state folder', () => {
  it('keeps resources, pending operations and the CA across a restart', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'arm-state-'));
    dirs.push(stateDir);
    const clock = createClock({ mode: 'virtual', start: new Date('2026-11-25T12:00:00Z') });
    const first = await start(stateDir, clock);
    const gallery = uniqueName('gal');
    await createGallery(first, 'rg', gallery);
    const vmName = uniqueName('iab');
    await first.compute.virtualMachines.createOrUpdate('rg', vmName, vmBody(vmName), FAST_POLL).submitted();
    const caPem = first.emulator.caPem;
    await first.emulator.stop();
    running.splice(0);

    const second = await start(stateDir, clock);
    expect(second.emulator.caFile).toBe(join(stateDir, 'arm-ca.pem'));
    expect(readFileSync(second.emulator.caFile, 'utf8')).toBe(caPem);
    expect((await second.compute.galleries.get('rg', gallery)).name).toBe(gallery);
    expect((await second.compute.virtualMachines.get('rg', vmName)).provisioningState).toBe('Creating');
    clock.advance(30);
    expect((await second.compute.virtualMachines.get('rg', vmName)).provisioningState).toBe('Succeeded');
  });
});
