import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import type { StepTails } from '../../shared/domain/outputTail';
import { computeClient } from '../support/armReader';
import { aCatalog, anImageNamed, STAGING_RG } from '../support/builders';
import { getInstance, getRunRecord, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

// Build options and step options through the local host and the emulated ARM: the build VM is read back with
// @azure/arm-compute while the build customizes it, then the build runs to its end.
const base = anImageNamed('img-options');
const CONF_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const trusted = anImageNamed('img-trusted', {
  definition: { ...base.definition, offer: 'img-trusted', securityType: 'TrustedLaunch' },
  tags: { owner: 'platform', env: 'prod' },
  build: { vmSize: 'Standard_D4s_v5', osDiskSizeGb: 64, tags: { costCenter: '4711', Env: 'build' } },
  customization: [
    { name: 'conf', type: 'file', source: 'https://files.example/nginx.conf', sha256: CONF_SHA256, destination: '/etc/nginx/conf.d/app.conf', timeoutSeconds: 300 },
    { name: 'prepare', type: 'shell', inline: ['echo prepare'], timeoutSeconds: 600 },
    { name: 'flaky', type: 'shell', inline: ['echo flaky-step'], timeoutSeconds: 600, continueOnError: true },
    { name: 'reboot', type: 'restart', timeoutSeconds: 600 },
    { name: 'finish', type: 'shell', inline: ['echo finish'], timeoutSeconds: 600 },
  ],
});
const confidential = anImageNamed('img-confidential', {
  definition: { ...base.definition, offer: 'img-confidential', securityType: 'ConfidentialVM' },
  build: { vmSize: 'Standard_DC2as_v5' },
  customization: [{ name: 'must-pass', type: 'shell', inline: ['echo strict-step'], timeoutSeconds: 600 }],
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    catalog: aCatalog({ images: [trusted, confidential] }),
    seed: {
      runCommandFailures: [
        { scriptContains: 'flaky-step', exitCode: 3, output: 'flaky failed on purpose' },
        { scriptContains: 'strict-step', exitCode: 4, output: 'strict failed on purpose' },
      ],
    },
    log: process.env['E2E_LOG'] ? (line) => console.log(line) : undefined,
  });
});
afterAll(async () => {
  await stack?.stop();
});

/** Steps the shared clock until the run is customizing, then reads its build VM as ARM returns it. */
async function buildVmWhileCustomizing(runId: string) {
  for (let i = 0; i < 200; i++) {
    await stack.backend.engine.quiescent();
    const status = await getInstance(stack.url, runId);
    if ((status?.customStatus as { step?: string } | undefined)?.step === 'customize') {
      const client = computeClient(stack);
      for await (const vm of client.virtualMachines.list(STAGING_RG)) {
        if (vm.tags?.['autopilot-instance'] === runId) return vm;
      }
      throw new Error(`no build VM of ${runId} while it customizes`);
    }
    stack.clock.advance(15);
  }
  throw new Error(`${runId} never reached customize`);
}

const build = async (image: string) => runIdOf(await postJson(`${stack.url}/api/images/${image}/builds`, {}));

describe('build options and step options', () => {
  it('a TrustedLaunch image builds on a trusted launch VM of its size, disk and merged tags; a continueOnError failure is recorded and the build completes', async () => {
    const runId = await build(trusted.name);
    const vm = await buildVmWhileCustomizing(runId);
    expect(vm.hardwareProfile?.vmSize).toBe('Standard_D4s_v5');
    expect(vm.securityProfile).toEqual({ securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } });
    expect(vm.storageProfile?.osDisk?.diskSizeGB).toBe(64);
    // Image tags, then build tags (Env replaces env), then Image Autopilot's own.
    expect(vm.tags).toEqual({ owner: 'platform', Env: 'build', costCenter: '4711', 'autopilot-build': expect.any(String), 'autopilot-instance': runId });
    // The file step is a run command that downloads, checks the hash in the guest and moves the file into place.
    const conf = await computeClient(stack).virtualMachineRunCommands.getByVirtualMachine(STAGING_RG, vm.name ?? '', 'autopilot-step-1');
    expect(conf.source?.script?.split('\n')).toEqual(expect.arrayContaining([
      "curl -fsSL 'https://files.example/nginx.conf' -o \"$f\"",
      expect.stringContaining(`echo "${CONF_SHA256}  $f" | sha256sum -c -`),
      "mv \"$f\" '/etc/nginx/conf.d/app.conf'",
    ]));
    expect(conf.timeoutInSeconds).toBe(300);

    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const output = status.output as BuildOutput;
    expect(output.promoted).toBe(true);
    const flaky: Partial<StepTails> = { step: 'flaky', exitCode: 3, outputTail: 'flaky failed on purpose', continuedOnError: true };
    expect(output.customization).toEqual([
      expect.objectContaining({ step: 'conf', exitCode: 0 }),
      expect.not.objectContaining({ continuedOnError: expect.anything() }),
      expect.objectContaining(flaky),
      { step: 'reboot', exitCode: null, outputTail: 'restarted: the VM runs again', errorTail: '' },
      expect.objectContaining({ step: 'finish', exitCode: 0 }),
    ]);
    // The restart went through ARM's restart action, and the next step ran on the VM that came back.
    const restarts = (await stack.armRequests()).filter((r) => r.method === 'POST' && r.path.toLowerCase().endsWith(`/virtualmachines/${vm.name?.toLowerCase()}/restart`));
    expect(restarts.map((r) => r.status)).toEqual([202]);
    const run = await getRunRecord(stack.url, runId);
    expect(run.status).toBe(200);
    expect((run.body as { customization?: StepTails[] }).customization?.[2]).toMatchObject(flaky);
  });

  it('a ConfidentialVM image builds on a confidential VM whose OS disk names its encryption type; a failing step without continueOnError fails the build', async () => {
    const runId = await build(confidential.name);
    const vm = await buildVmWhileCustomizing(runId);
    expect(vm.hardwareProfile?.vmSize).toBe('Standard_DC2as_v5');
    expect(vm.securityProfile).toEqual({ securityType: 'ConfidentialVM', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } });
    expect(vm.storageProfile?.osDisk?.managedDisk?.securityProfile).toEqual({ securityEncryptionType: 'VMGuestStateOnly' });
    // Only the image's tags and Image Autopilot's: no build tags were given.
    expect(Object.keys(vm.tags ?? {}).sort()).toEqual(['autopilot-build', 'autopilot-instance', 'owner']);

    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus).toBe('Failed');
    expect(JSON.stringify(status.output)).toContain('STEP_FAILED: customization step \\"must-pass\\" ended Failed (exit code 4)');
  });
});
