import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import type { CustomizationStep, ImageSpec } from '../../shared/domain/catalog';
import type { StepTails } from '../../shared/domain/outputTail';
import { armReader } from '../support/armReader';
import { aCatalog, anImageNamed, LOCATION } from '../support/builders';
import { getInstance, getRunRecord, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { BASE_IMAGE_VERSIONS, startStack, type Stack } from '../support/stack';

// windowsUpdate steps through the local host and the emulated ARM, whose Windows guests have the pending updates
// seeded on their platform image: rounds of run commands, a restart when the guest asks for one.
const WINDOWS = { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer' } as const;

function windowsImage(name: string, sku: string, steps: CustomizationStep[]): ImageSpec {
  const base = anImageNamed(name);
  return anImageNamed(name, {
    definition: { ...base.definition, osType: 'Windows' },
    baseImage: { type: 'marketplace', ...WINDOWS, sku, version: 'latest' },
    targetRegions: [{ name: LOCATION, replicas: 1, storageAccountType: 'Standard_LRS' }],
    customization: steps,
  });
}

const patched = windowsImage('win-patched', '2022-datacenter-azure-edition', [
  { name: 'patch', type: 'windowsUpdate', filters: { excludeTitleContains: ['Preview'] }, timeoutSeconds: 7200 },
  { name: 'after', type: 'powershell', inline: ['Write-Output after'], timeoutSeconds: 600 },
]);
const stuck = windowsImage('win-stuck', '2022-datacenter-g2', [{ name: 'patch', type: 'windowsUpdate', maxRounds: 2, timeoutSeconds: 7200 }]);
const tolerant = windowsImage('win-tolerant', '2022-datacenter-g2', [
  { name: 'patch', type: 'windowsUpdate', maxRounds: 1, continueOnError: true, timeoutSeconds: 7200 },
  { name: 'after', type: 'powershell', inline: ['Write-Output after'], timeoutSeconds: 600 },
]);

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    catalog: aCatalog({ images: [patched, stuck, tolerant] }),
    seed: {
      platformImages: [
        {
          ...WINDOWS, sku: '2022-datacenter-azure-edition', osType: 'Windows', versions: [...BASE_IMAGE_VERSIONS],
          windowsUpdates: [
            { kb: 'KB5031364', title: '2023-10 Cumulative Update for Windows Server 2022', categories: ['Security Updates'], rebootRequired: true },
            { kb: 'KB890830', title: 'Windows Malicious Software Removal Tool' },
            { kb: 'KB5031999', title: '2023-10 Cumulative Update Preview for Windows Server 2022', rebootRequired: true },
          ],
        },
        { ...WINDOWS, sku: '2022-datacenter-g2', osType: 'Windows', versions: [...BASE_IMAGE_VERSIONS], windowsUpdates: [{ kb: 'KB5040000', title: 'An update that never installs', failsToInstall: true }] },
      ],
    },
  });
});
afterAll(async () => {
  await stack?.stop();
});

/** runUntilDone, keeping each progress detail the run showed on the way. */
async function runWatchingProgress(runId: string): Promise<{ details: string[] }> {
  const details: string[] = [];
  for (let i = 0; i < 400; i++) {
    await stack.backend.engine.quiescent();
    const status = await getInstance(stack.url, runId);
    const detail = (status?.customStatus as { detail?: string } | undefined)?.detail;
    if (detail !== undefined && details[details.length - 1] !== detail) details.push(detail);
    if (status && !['Pending', 'Running'].includes(status.runtimeStatus)) return { details };
    stack.clock.advance(15);
  }
  throw new Error(`${runId} did not finish`);
}

const build = async (image: string) => runIdOf(await postJson(`${stack.url}/api/images/${image}/builds`, {}));
const buildVmsLeft = () => armReader(stack).compute.listVms(stack.catalog.gallery.subscriptionId, stack.catalog.staging.resourceGroup);

describe('windowsUpdate step', () => {
  it('installs in two rounds with a restart between them, then the build publishes its version', async () => {
    const runId = await build(patched.name);
    const { details } = await runWatchingProgress(runId);
    expect(details).toEqual(expect.arrayContaining(['step 1/2: patch, round 1/5', 'step 1/2: patch, restarting after round 1/5', 'step 1/2: patch, round 2/5']));
    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const output = status.output as BuildOutput;
    expect(output).toMatchObject({ version: '1.0.0', promoted: true });
    const [patch, after] = output.customization ?? [];
    expect(patch?.rounds).toEqual([
      { round: 1, installed: 2, failed: 0, rebootRequired: true, remaining: 0, restarted: true },
      { round: 2, installed: 0, failed: 0, rebootRequired: false, remaining: 0, restarted: false },
    ]);
    expect(patch?.outputTail).toContain('installed: 2023-10 Cumulative Update for Windows Server 2022');
    expect(patch?.outputTail).not.toContain('Preview');
    expect(after).toMatchObject({ step: 'after', exitCode: 0 });
    const record = (await getRunRecord(stack.url, runId)).body as { customization?: StepTails[] };
    expect(record.customization?.[0]?.rounds).toEqual(patch?.rounds);

    const requests = await stack.armRequests();
    const puts = requests.filter((r) => r.method === 'PUT' && /\/runCommands\//i.test(r.path)).map((r) => r.path.replace(/^.*\/runCommands\//i, ''));
    expect(puts).toEqual(['autopilot-step-1-round-1', 'autopilot-step-1-round-2', 'autopilot-step-2', 'autopilot-generalize']);
    expect(requests.filter((r) => r.method === 'POST' && /\/restart$/i.test(r.path))).toHaveLength(1);
    expect(await buildVmsLeft()).toEqual([]);
  });

  it('fails the build naming the step when updates never clear within maxRounds, and deletes the build VM', async () => {
    await stack.clearArmRequests();
    const status = await runUntilDone(stack, await build(stuck.name));
    expect(status.runtimeStatus).toBe('Failed');
    expect(JSON.stringify(status.output)).toContain('STEP_FAILED: customization step \\"patch\\" did not finish in maxRounds 2: 1 update(s) still pending after round 2');
    const puts = (await stack.armRequests()).filter((r) => r.method === 'PUT' && /\/runCommands\//i.test(r.path));
    expect(puts).toHaveLength(2);
    expect(await buildVmsLeft()).toEqual([]);
  });

  it('with continueOnError, updates that never clear are recorded on the step and the build goes on', async () => {
    const status = await runUntilDone(stack, await build(tolerant.name));
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const [patch, after] = (status.output as BuildOutput).customization ?? [];
    expect(patch).toMatchObject({ step: 'patch', continuedOnError: true, rounds: [{ round: 1, installed: 0, failed: 1, remaining: 1, rebootRequired: false, restarted: false }] });
    expect(patch?.outputTail).toContain('failed (4): An update that never installs');
    expect(after).toMatchObject({ step: 'after', exitCode: 0 });
  });
});
