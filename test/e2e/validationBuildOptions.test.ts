import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import { computeClient } from '../support/armReader';
import { aCatalog, anImageNamed, STAGING_RG } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

// The validation gate meets build options: a TrustedLaunch definition's version boots only on a trusted launch VM
// (the emulated ARM refuses a standard one, as Azure does), and validation steps are customization steps, so file
// and restart steps run on the test VM too.
const CONF_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const base = anImageNamed('img-val-trusted');
const trusted = anImageNamed('img-val-trusted', {
  definition: { ...base.definition, securityType: 'TrustedLaunch' },
  // staging.vmSize below cannot do trusted launch: the test VM must take the build VM's size.
  build: { vmSize: 'Standard_D4s_v5' },
  validation: {
    subnets: {},
    steps: [
      { name: 'conf-arrives', type: 'file', source: 'https://files.example/check.conf', sha256: CONF_SHA256, destination: '/etc/check.conf', timeoutSeconds: 300 },
      { name: 'reboot', type: 'restart', timeoutSeconds: 600 },
      { name: 'boots-again', type: 'shell', inline: ['systemctl is-system-running --wait'], timeoutSeconds: 300 },
    ],
    timeoutMinutes: 60,
    approval: 'none',
    approvalTimeoutHours: 72,
  },
});

let stack: Stack;
beforeAll(async () => {
  const catalog = aCatalog({ images: [trusted] });
  stack = await startStack({ catalog: { ...catalog, staging: { ...catalog.staging, vmSize: 'Standard_E2ads_v5' } } });
});
afterAll(async () => {
  await stack?.stop();
});

/** Steps the shared clock until the run's test VM exists, then reads it as ARM returns it. */
async function testVmOf(runId: string) {
  for (let i = 0; i < 400; i++) {
    await stack.backend.engine.quiescent();
    for await (const vm of computeClient(stack).virtualMachines.list(STAGING_RG)) {
      if (vm.tags?.['autopilot-instance'] === runId && /-t1$/.test(vm.name ?? '')) return vm;
    }
    stack.clock.advance(15);
  }
  throw new Error(`${runId} never created its test VM`);
}

describe('validation of an image with build options', () => {
  it('boots the TrustedLaunch test VM with the build VM security profile and size, runs file and restart steps on it, and promotes', async () => {
    await stack.clearArmRequests();
    const runId = runIdOf(await postJson(`${stack.url}/api/images/${trusted.name}/builds`, {}));
    const vm = await testVmOf(runId);
    expect(vm.hardwareProfile?.vmSize).toBe('Standard_D4s_v5');
    expect(vm.securityProfile).toEqual({ securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } });
    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const output = status.output as BuildOutput;
    expect(output).toMatchObject({ promoted: true, status: 'Succeeded' });
    expect(output.validation?.regions).toEqual([
      {
        region: 'westeurope',
        passed: true,
        steps: [
          expect.objectContaining({ step: 'conf-arrives', exitCode: 0 }),
          { step: 'reboot', exitCode: null, outputTail: 'restarted: the VM runs again', errorTail: '' },
          expect.objectContaining({ step: 'boots-again', exitCode: 0 }),
        ],
      },
    ]);

    // The restart step went through ARM's restart action on the test VM.
    const restarts = (await stack.armRequests()).filter((r) => r.method === 'POST' && r.path.toLowerCase().endsWith(`/virtualmachines/${(vm.name ?? '').toLowerCase()}/restart`));
    expect(restarts.map((r) => r.status)).toEqual([202]);
  });
});
