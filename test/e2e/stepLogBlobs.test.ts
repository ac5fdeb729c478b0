import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import { OUTPUT_TAIL_BYTES, type StepTails } from '../../shared/domain/outputTail';
import { NO_IDENTITY_REASON } from '../../shared/domain/stepLogs';
import { createCredential } from '../../shared/adapters/azure/createAzureAdapters';
import { createIdentityAdapter } from '../../shared/adapters/azure/identityAdapter';
import { computeClient } from '../support/armReader';
import { aCatalog, anImageNamed, STAGING_RG, SUBSCRIPTION } from '../support/builders';
import { getInstance, getRunRecord, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { httpsText, startStack, type Stack } from '../support/stack';

// A build VM with build.identity writes each step's full output to blobs in RUN_LOGS_CONTAINER_URI (the test stack
// points it at the emulator's blob store, which plays the VM); the run record links them. Without an identity the
// record keeps the tails and says why.
const identityId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-logs`;
const LONG_OUTPUT = `first line\n${'x'.repeat(3 * OUTPUT_TAIL_BYTES)}\nlast line`;
const steps = [
  { name: 'chatty', type: 'shell' as const, inline: ['echo e2e-logs-long'], timeoutSeconds: 300 },
  { name: 'quiet', type: 'shell' as const, inline: ['echo quiet'], timeoutSeconds: 300 },
];
const withIdentity = anImageNamed('img-logs', { build: { identity: identityId }, customization: steps });
const withoutIdentity = anImageNamed('img-logs-inline', { customization: steps });
const validated = anImageNamed('img-logs-validated', {
  build: { identity: identityId },
  customization: [steps[1] ?? steps[0]!],
  validation: { subnets: {}, steps: [{ name: 'checks', type: 'shell', inline: ['echo e2e-logs-long'], timeoutSeconds: 300 }], timeoutMinutes: 30, approval: 'none', approvalTimeoutHours: 72 },
});

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    catalog: aCatalog({ images: [withIdentity, withoutIdentity, validated] }),
    seed: {
      userAssignedIdentities: [{ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-identities', name: 'id-logs' }],
      runCommandFailures: [{ scriptContains: 'e2e-logs-long', exitCode: 0, output: LONG_OUTPUT }],
    },
  });
});
afterAll(async () => {
  await stack?.stop();
});

/** Steps the shared clock until the run customizes, then reads its first step's run command as ARM returns it. */
async function firstStepWhileCustomizing(runId: string) {
  for (let i = 0; i < 200; i++) {
    await stack.backend.engine.quiescent();
    if (((await getInstance(stack.url, runId))?.customStatus as { step?: string } | undefined)?.step === 'customize') {
      const client = computeClient(stack);
      for await (const vm of client.virtualMachines.list(STAGING_RG)) {
        if (vm.tags?.['autopilot-instance'] === runId) return client.virtualMachineRunCommands.getByVirtualMachine(STAGING_RG, vm.name ?? '', 'autopilot-step-1');
      }
    }
    stack.clock.advance(15);
  }
  throw new Error(`${runId} never reached customize`);
}

async function startBuild(image: string): Promise<string> {
  return runIdOf(await postJson(`${stack.url}/api/images/${image}/builds`, {}));
}

async function buildRecord(runId: string): Promise<{ runId: string; steps: StepTails[]; output: BuildOutput }> {
  const status = await runUntilDone(stack, runId);
  expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
  const record = await getRunRecord(stack.url, runId);
  expect(record.status).toBe(200);
  const body = record.body as { customization?: StepTails[]; output: BuildOutput };
  return { runId, steps: body.customization ?? [], output: body.output };
}

describe('step log blobs', () => {
  it('with build.identity: the run record links each step\'s blobs, which hold the full output', async () => {
    const started = await startBuild(withIdentity.name);
    // The VM is told to write the blobs as the build identity, named by its client ID.
    const command = await firstStepWhileCustomizing(started);
    const identity = await createIdentityAdapter({ armEndpoint: stack.arm.url, caPem: stack.arm.caPem }, createCredential(undefined)).readUserAssignedIdentity(identityId);
    expect(identity?.clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(command.outputBlobManagedIdentity).toEqual({ clientId: identity?.clientId });
    expect(command.errorBlobManagedIdentity).toEqual({ clientId: identity?.clientId });
    const { runId, steps: logged } = await buildRecord(started);
    expect(command.outputBlobUri).toBe(logged[0]?.outputLogUri);
    const container = `${stack.arm.url}/_emulator/blobs/run-logs`;
    expect(logged.map((s) => [s.step, s.outputLogUri, s.errorLogUri, s.log])).toEqual([
      ['chatty', expect.stringMatching(new RegExp(`^${container}/${runId}/[^/]+/01-chatty\\.output\\.log$`)), expect.stringMatching(/\/01-chatty\.error\.log$/), undefined],
      ['quiet', expect.stringMatching(/\/02-quiet\.output\.log$/), expect.stringMatching(/\/02-quiet\.error\.log$/), undefined],
    ]);
    const [chatty] = logged;
    // The record keeps only the tail; the blob, read at the URI the record gives, has all of it.
    expect(chatty?.outputTail.length).toBeLessThan(LONG_OUTPUT.length);
    const blob = await httpsText(chatty?.outputLogUri ?? '', stack.arm.caPem);
    expect(blob).toEqual({ status: 200, text: LONG_OUTPUT });
    expect((await httpsText(chatty?.errorLogUri ?? '', stack.arm.caPem)).status).toBe(200);
  });

  it('validation steps: the test VM writes its steps\' blobs under the run, by region', async () => {
    const { runId, output } = await buildRecord(await startBuild(validated.name));
    const regions = output.validation?.regions ?? [];
    expect(regions.length).toBeGreaterThan(0);
    for (const region of regions) {
      const [check] = region.steps;
      expect(check?.outputLogUri).toBe(`${stack.arm.url}/_emulator/blobs/run-logs/${runId}/${region.region}/01-checks.output.log`);
      expect(await httpsText(check?.outputLogUri ?? '', stack.arm.caPem)).toEqual({ status: 200, text: LONG_OUTPUT });
    }
  });

  it('without build.identity: tails only, and each entry says why', async () => {
    const { steps: logged } = await buildRecord(await startBuild(withoutIdentity.name));
    expect(logged.map((s) => [s.step, s.outputLogUri, s.log])).toEqual([
      ['chatty', undefined, { kind: 'inline', reason: NO_IDENTITY_REASON }],
      ['quiet', undefined, { kind: 'inline', reason: NO_IDENTITY_REASON }],
    ]);
  });
});
