import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import { recipeSha256 } from '../../functions/hashing';
import { armReader, imageRef } from '../support/armReader';
import { postJson, runUntilDone } from '../support/durableApi';
import { BASE_IMAGE_VERSIONS, startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ log: process.env['E2E_LOG'] ? (line) => console.log(line) : undefined });
});

afterAll(async () => {
  await stack?.stop();
});

describe('build through the local host and the emulated ARM', () => {
  it('POST /api/images/{image}/builds → 202 → Completed with a promoted, replicated, tagged version and no VM left', async () => {
    const started = await postJson(`${stack.url}/api/images/ubuntu-web/builds`, { reason: 'e2e' });
    expect(started.status).toBe(202);
    expect(started.headers.get('location')).toContain('build-ubuntu-web');
    const status = await runUntilDone(stack, 'build-ubuntu-web');
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
    const leftovers = await arm.compute.listVms(stack.catalog.gallery.subscriptionId, stack.catalog.staging.resourceGroup);
    expect(leftovers).toEqual([]);
  });
});
