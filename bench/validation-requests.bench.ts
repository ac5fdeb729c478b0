import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../functions/contracts';
import { aCatalog, anImageNamed, SUBSCRIPTION } from '../test/support/builders';
import { postJson, runIdOf, runUntilDone } from '../test/support/durableApi';
import { startStack, type Stack } from '../test/support/stack';

// Issue 18's figures: the same build without and with a validation gate in 2 regions (docs/publishing.md#the-validation-gate):
// ARM requests by method and the critical path on the simulated clock. Printed, never asserted as timings.
const NE_SUBNET = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-ne/subnets/test`;
const plain = anImageNamed('bench-plain');
const gated = anImageNamed('bench-gated', {
  validation: {
    regions: ['westeurope', 'northeurope'],
    subnets: { northeurope: NE_SUBNET },
    steps: [
      { name: 'boots', type: 'shell', inline: ['systemctl is-system-running --wait'], timeoutSeconds: 300 },
      { name: 'nginx-answers', type: 'shell', inline: ['curl -fsS localhost'], timeoutSeconds: 300 },
    ],
    timeoutMinutes: 30,
    approval: 'none',
    approvalTimeoutHours: 72,
  },
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ catalog: aCatalog({ images: [plain, gated] }) });
});
afterAll(async () => {
  await stack?.stop();
});

async function measure(image: string) {
  await stack.clearArmRequests();
  const clockStart = stack.clock.now().getTime();
  const started = await postJson(`${stack.url}/api/images/${image}/builds`, {});
  const status = await runUntilDone(stack, runIdOf(started));
  expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
  const output = status.output as BuildOutput;
  const requests = await stack.armRequests();
  const byMethod = new Map<string, number>();
  for (const r of requests) byMethod.set(r.method, (byMethod.get(r.method) ?? 0) + 1);
  const testVm = requests.filter((r) => /virtualMachines\/iab[0-9a-f]{8}-t\d/i.test(r.path)).length;
  return {
    image,
    promoted: output.promoted,
    requests: requests.length,
    byMethod: [...byMethod.entries()].sort().map(([m, n]) => `${m} ${n}`).join(', '),
    testVmRequests: testVm,
    criticalPathSeconds: (stack.clock.now().getTime() - clockStart) / 1000,
    durationSeconds: output.durationSeconds,
  };
}

describe('validation gate: ARM requests and critical path', () => {
  it('one build of 1 image × 3 regions, without and with validation in 2 regions', async () => {
    const without = await measure(plain.name);
    const withGate = await measure(gated.name);
    const line = (label: string, m: typeof without) =>
      `${label}: ${m.requests} ARM requests (${m.byMethod}; test VM and its run commands ${m.testVmRequests}), critical path ${m.criticalPathSeconds.toFixed(0)} s simulated (output durationSeconds ${m.durationSeconds}), promoted ${m.promoted}`;
    console.log(
      [
        line('without validation', without),
        line('with validation in 2 regions (2 steps)', withGate),
        `the gate adds ${withGate.requests - without.requests} ARM requests and ${(withGate.criticalPathSeconds - without.criticalPathSeconds).toFixed(0)} s of critical path (regions validate in parallel)`,
      ].join('\n'),
    );
  });
});
