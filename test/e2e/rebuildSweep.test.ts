/**
 * The scheduled run sweeps orphaned build VMs before anything else, even when no image is due (docs/architecture.md#orchestration-conventions), as an
 * activity of the run: with history, never fatal. A sweep that fails is logged and the run still decides and ends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCatalog, anImage, STAGING_RG, SUBSCRIPTION } from '../support/builders';
import type { Stack } from '../support/stack';
import { runScheduledRebuild, startHandsOffStack, statusesOf } from './handsOffSupport';

const ORPHAN = 'iabdeadbeef';
// A base image that does not exist: the image is `blocked`, so no build (and no build's own sweep) runs.
const blocked = anImage({
  baseImage: { type: 'gallery', imageId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-nowhere/providers/Microsoft.Compute/galleries/nowhere/images/none` },
});

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({
    catalog: aCatalog({ images: [blocked] }),
    seed: { virtualMachines: [{ resourceGroup: STAGING_RG, name: ORPHAN, tags: { 'autopilot-build': 'deadbeef', 'autopilot-instance': 'build-gone' } }] },
  });
});
afterAll(async () => {
  await stack?.stop();
});

async function vmDeletes(): Promise<string[]> {
  const requests = await stack.armRequests();
  return requests.filter((r) => r.method === 'DELETE' && /\/virtualmachines\/[^/]+$/i.test(r.path)).map((r) => r.path.split('/').pop() ?? '');
}

describe('the scheduled run sweeps orphaned build VMs', () => {
  it('deletes a build VM no running build owns, although no image is due', async () => {
    await stack.clearArmRequests();
    const run = await runScheduledRebuild(stack);
    expect(statusesOf(run.output)).toEqual({ 'ubuntu-web': 'blocked' });
    expect(run.output.items[0]?.reasons).toEqual(['base-image-missing']);
    expect(await vmDeletes()).toEqual([ORPHAN]);
  });

  it('goes on deciding when the sweep cannot list the staging resource group', async () => {
    const fault = { method: 'GET', path: `/resourceGroups/${STAGING_RG}/providers/Microsoft.Compute/virtualMachines`, status: 500, count: 100 };
    expect((await stack.control('POST', 'faults', fault)).status).toBe(201);
    await stack.clearArmRequests();
    try {
      const run = await runScheduledRebuild(stack);
      expect(statusesOf(run.output)).toEqual({ 'ubuntu-web': 'blocked' });
      const lists = (await stack.armRequests()).filter((r) => r.method === 'GET' && r.path.toLowerCase().endsWith(`/resourcegroups/${STAGING_RG}/providers/microsoft.compute/virtualmachines`));
      expect(lists.length).toBeGreaterThan(0);
      expect(lists.every((r) => r.status === 500)).toBe(true);
      expect(await vmDeletes()).toEqual([]);
    } finally {
      await stack.control('DELETE', 'faults');
    }
  });
});
