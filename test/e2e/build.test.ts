import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import { recipeSha256 } from '../../shared/domain/hashing';
import { replayInstance, scheduleMismatches } from '@image-autopilot/azure-offline';
import { armReader, imageRef } from '../support/armReader';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { STAGING_RG } from '../support/builders';
import { BASE_IMAGE_VERSIONS, startStack, type Stack } from '../support/stack';
import { apiFetch } from '../support/apiAuth';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    log: process.env['E2E_LOG'] ? (line) => console.log(line) : undefined,
    // Left behind by a terminated build (termination skips finally): the build's sweep (its first read of its own VM) removes it.
    seed: { virtualMachines: [{ resourceGroup: STAGING_RG, name: 'iabdeadbeef', tags: { 'autopilot-build': 'deadbeef', 'autopilot-instance': 'build-ubuntu-web' } }] },
  });
});

afterAll(async () => {
  await stack?.stop();
});

// Both tests look at the same build; whichever runs first starts it, so neither depends on the order.
let built: ReturnType<typeof buildAndWait> | undefined;
async function buildAndWait() {
  const started = await postJson(`${stack.url}/api/images/ubuntu-web/builds`, { reason: 'e2e' });
  const runId = runIdOf(started);
  return { started, runId, status: await runUntilDone(stack, runId) };
}
const completedBuild = () => (built ??= buildAndWait());

describe('build through the local host and the emulated ARM', () => {
  it('POST /api/images/{image}/builds → 202 → Completed with a promoted, replicated, tagged version and no VM left', async () => {
    const { started, runId, status } = await completedBuild();
    expect(started.status).toBe(202);
    expect(runId).toMatch(/^build-ubuntu-web-\d{14}-[0-9a-f]{6}$/);
    expect(started.headers.get('location')).toContain(runId);
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const output = status.output as BuildOutput;
    expect(output).toMatchObject({ image: 'ubuntu-web', version: '1.0.0', promoted: true, trigger: 'http', failedRegions: [] });
    expect(output.regions.sort()).toEqual(['eastus', 'northeurope', 'westeurope']);
    expect(output.buildId).toMatch(/^[0-9a-f]{8}$/);

    const arm = armReader(stack);
    const version = await arm.gallery.getImageVersion(imageRef(stack, 'ubuntu-web'), output.version);
    expect(version.provisioningState).toBe('Succeeded');
    expect(version.excludeFromLatest).toBe(false);
    expect(version.replication.regions.map((r) => [r.region, r.state]).sort()).toEqual([
      ['eastus', 'Completed'],
      ['northeurope', 'Completed'],
      ['westeurope', 'Completed'],
    ]);
    expect(version.tags).toMatchObject({
      owner: 'platform',
      'autopilot-build': output.buildId,
      'autopilot-trigger': 'http',
      'autopilot-recipe-sha256': recipeSha256(stack.catalog.images[0]?.customization ?? []),
      'autopilot-base-image': `Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:${BASE_IMAGE_VERSIONS[1]}`,
    });
    // Neither the build's own VM nor the orphan of an earlier, terminated build is left.
    const leftovers = await arm.compute.listVms(stack.catalog.gallery.subscriptionId, stack.catalog.staging.resourceGroup);
    expect(leftovers).toEqual([]);
    const deletes = (await stack.armRequests()).filter((r) => r.method === 'DELETE').map((r) => r.path.split('/').pop());
    expect(deletes).toEqual(expect.arrayContaining(['iabdeadbeef', `iab${output.buildId}`]));
  });

  it('GET /api/images shows the new version as latest, replicated, and the last build', async () => {
    const { status, runId } = await completedBuild();
    const output = status.output as BuildOutput;
    const res = await apiFetch(`${stack.url}/api/images`);
    expect(res.status).toBe(200);
    const body: unknown = await res.json();
    expect(body).toEqual({
      images: [
        {
          name: 'ubuntu-web',
          gallery: stack.catalog.gallery.name,
          latestVersion: output.version,
          versions: [
            {
              name: output.version,
              publishedDate: expect.any(String),
              excludeFromLatest: false,
              endOfLifeDate: null,
              lifecycle: 'active',
              replication: { state: 'Completed', regions: expect.arrayContaining([{ region: 'eastus', state: 'Completed' }]) },
            },
          ],
          lastBuild: {
            instanceId: runId,
            runId,
            status: 'Completed',
            version: output.version,
            statusUrl: expect.stringContaining(`/runtime/webhooks/durabletask/instances/${runId}`),
            error: null,
          },
          paused: false,
        },
      ],
    });
  });

  it('replaying the finished build history twice yields the same actions, each matching what the host scheduled', async () => {
    const { runId } = await completedBuild();
    expect(stack.backend.engine.store.get(runId)?.runtimeStatus).toBe('Completed');
    const target = { backend: stack.backend, invoker: stack.host.invoker };
    const first = await replayInstance(target, runId);
    const second = await replayInstance(target, runId);
    expect(second).toEqual(first);
    expect(first.isDone).toBe(true);
    expect(scheduleMismatches(stack.backend, runId, first)).toEqual([]);
    // Replay-safe logging: the completion line was written once, not once per replay.
    const lines = stack.host.invocations('buildImage').flatMap((r) => r.logs).filter((line) => line.includes('published'));
    expect(lines).toHaveLength(1);
  });
});
