import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildOutput } from '../../functions/contracts';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImageNamed, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../support/builders';
import { getInstance, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

// One stack per file (the app registers once per process); each scenario builds its own image, so none depends on another.
const images = {
  stepFails: anImageNamed('img-step-fails', {
    customization: [
      { name: 'prepare', type: 'shell', inline: ['echo ok'], timeoutSeconds: 300 },
      { name: 'harden-ssh', type: 'shell', inline: ['echo e2e-break-this-step'], timeoutSeconds: 300 },
    ],
  }),
  throttled: anImageNamed('img-throttled'),
  regionDown: anImageNamed('img-region-down'),
  regionFlaky: anImageNamed('img-region-flaky'),
  busy: anImageNamed('img-busy'),
  progress: anImageNamed('img-progress'),
  missingBase: anImageNamed('img-missing-base', {
    baseImage: { type: 'gallery', imageId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/no-such-base` },
  }),
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ catalog: aCatalog({ images: Object.values(images) }) });
});
afterAll(async () => {
  await stack?.stop();
});

const buildVmsLeft = () => armReader(stack).compute.listVms(stack.catalog.gallery.subscriptionId, stack.catalog.staging.resourceGroup);
/** The build VMs a run tagged as its own (the run ID is the instance ID). */
const vmsOf = async (runId: string) => (await buildVmsLeft()).filter((vm) => vm.tags['autopilot-instance'] === runId);
const versionsOf = (image: string) => armReader(stack).gallery.listImageVersions(imageRef(stack, image));

async function build(image: string) {
  const started = await postJson(`${stack.url}/api/images/${image}/builds`, {});
  expect(started.status).toBe(202);
  const runId = runIdOf(started);
  expect(runId).toMatch(new RegExp(`^build-${image}-\\d{14}-[0-9a-f]{6}$`));
  return runUntilDone(stack, runId);
}

describe('faults during a build', () => {
  it('a failing customization step fails the build with the step name and output tail, and deletes the build VM', async () => {
    await stack.control('POST', 'runcommand-failures', { scriptContains: 'e2e-break-this-step', exitCode: 3, output: 'sshd: bad config line 42' });
    const status = await build('img-step-fails');
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/STEP_FAILED: customization step "harden-ssh" ended Failed \(exit code 3\): sshd: bad config line 42/);
    expect(await vmsOf(status.instanceId)).toEqual([]);
    expect(await versionsOf('img-step-fails')).toEqual([]);
  });

  it('429s with Retry-After (short and beyond the cap) and transient 5xx are retried and the build succeeds', async () => {
    const faults = [
      { method: 'GET', path: '/images/img-throttled/versions', status: 429, retryAfter: 1, count: 2 },
      { method: 'PUT', path: '/images/img-throttled/versions/', status: 429, retryAfter: 120, count: 1 },
      // One fault per request kind: faults matching the same request fire together.
      { method: 'GET', path: '/images/img-throttled/versions/', status: 500, count: 1 },
      { method: 'PATCH', path: '/images/img-throttled/versions/', status: 503, count: 1 },
    ];
    for (const fault of faults) expect((await stack.control('POST', 'faults', fault)).status).toBe(201);
    await stack.clearArmRequests();
    const status = await build('img-throttled');
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    expect(status.output).toMatchObject({ version: '1.0.0', promoted: true });
    const mine = (await stack.armRequests()).filter((r) => r.path.toLowerCase().includes('/images/img-throttled/'));
    expect(mine.filter((r) => r.status === 429)).toHaveLength(3);
    expect(mine.filter((r) => r.status >= 500)).toHaveLength(2);
    expect((await versionsOf('img-throttled')).map((v) => v.name)).toEqual(['1.0.0']);
    expect(await vmsOf(status.instanceId)).toEqual([]);
  });

  it('a region that keeps failing is retried a bounded number of times, reported, and the version stays unpromoted', async () => {
    await stack.control('POST', 'faults', { method: 'PUT', path: '/images/img-region-down/versions/', region: 'eastus', count: 1 });
    await stack.control('POST', 'faults', { method: 'PATCH', path: '/images/img-region-down/versions/', region: 'eastus', count: 10 });
    await stack.clearArmRequests();
    const status = await build('img-region-down');
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const output = status.output as BuildOutput;
    expect(output).toMatchObject({ promoted: false, failedRegions: ['eastus'], status: 'Degraded' });
    expect([...output.regions].sort()).toEqual(['northeurope', 'westeurope']);
    const patches = (await stack.armRequests()).filter((r) => r.method === 'PATCH' && r.path.toLowerCase().includes('/images/img-region-down/'));
    expect(patches).toHaveLength(2);
    const [version] = await versionsOf('img-region-down');
    expect(version?.excludeFromLatest).toBe(true);
    expect(await vmsOf(status.instanceId)).toEqual([]);
  });

  it('a region that fails once is retried and the build promotes', async () => {
    await stack.control('POST', 'faults', { method: 'PUT', path: '/images/img-region-flaky/versions/', region: 'northeurope', count: 1 });
    const status = await build('img-region-flaky');
    expect(status.output).toMatchObject({ promoted: true, failedRegions: [] });
  });

  it('a second POST while the build runs answers 409 BUILD_RUNNING naming the running run', async () => {
    const first = await postJson(`${stack.url}/api/images/img-busy/builds`, {});
    expect(first.status).toBe(202);
    const runId = runIdOf(first);
    const second = await postJson(`${stack.url}/api/images/img-busy/builds`, {});
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ error: { code: 'BUILD_RUNNING' }, runId, instance: { id: runId } });
    expect(second.headers.get('location')).toContain(runId);
    await runUntilDone(stack, runId);
    expect((await versionsOf('img-busy')).map((v) => v.name)).toEqual(['1.0.0']);
  });

  it('a permanent failure (missing base image) fails the build at once, without retries and without a VM', async () => {
    await stack.clearArmRequests();
    const status = await build('img-missing-base');
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toMatch(/NOT_FOUND: .*no-such-base/);
    const reads = (await stack.armRequests()).filter((r) => r.path.toLowerCase().includes('/images/no-such-base'));
    expect(reads).toHaveLength(1);
    expect(await vmsOf(status.instanceId)).toEqual([]);
  });

  it('customStatus shows each waiting step in order, with the build ID, ending in done', async () => {
    const order = ['sweep', 'plan', 'create-vm', 'customize', 'generalize-guest', 'deallocate', 'generalize', 'create-version', 'replicate', 'promote', 'cleanup', 'done'];
    const started = await postJson(`${stack.url}/api/images/img-progress/builds`, {});
    expect(started.status).toBe(202);
    const runId = runIdOf(started);
    const seen: string[] = [];
    let buildIds = new Set<string>();
    for (let i = 0; i < 400; i++) {
      await stack.backend.engine.quiescent();
      const status = await getInstance(stack.url, runId);
      const custom = status?.customStatus as { step?: string; percent?: number; buildId?: string } | undefined;
      if (custom?.step !== undefined && seen.at(-1) !== custom.step) seen.push(custom.step);
      if (custom?.buildId !== undefined) buildIds = new Set([...buildIds, custom.buildId]);
      if (status && status.runtimeStatus !== 'Running' && status.runtimeStatus !== 'Pending') break;
      stack.clock.advance(15);
    }
    expect(seen.at(-1)).toBe('done');
    expect(seen).toEqual(expect.arrayContaining(['create-vm', 'customize', 'generalize-guest', 'deallocate', 'replicate', 'cleanup', 'done']));
    expect(seen.map((step) => order.indexOf(step))).toEqual([...seen.map((step) => order.indexOf(step))].sort((a, b) => a - b));
    expect(buildIds.size).toBe(1);
  });
});
