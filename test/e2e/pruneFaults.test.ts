import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PruneOutput } from '../../functions/contracts';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { expectDeterministicReplay } from '../support/replay';
import { startStack, type Stack } from '../support/stack';
import { aDeprecatedSeed, aPinnedVm, aVersionSeed, pruneSeed } from './pruneSeed';

// Issue 8's faults: a delete LRO that fails, a DELETE that keeps answering 503, throttled and failing reads. Each is
// retried or reported; one failing version never stops the others and nothing crashes.
const EOL_PASSED = '2026-11-20T00:00:00.000Z';
const IMAGES = ['app-a', 'app-b', 'app-c', 'app-d'] as const;

function anAppImage(name: string) {
  const retention = { ...anImage().retention, keepLatest: 1, minAgeDays: 7, maxDeletionsPerRun: 10, maxDeleteShare: 1, mode: 'apply' as const };
  return anImage({ name, definition: { ...anImage().definition, offer: name }, retention });
}

/** The newest version is `latest`; the four below it were deprecated earlier and are past their end of life. */
function deletableVersions() {
  return [aVersionSeed('1.0.5', 2), ...['1.0.4', '1.0.3', '1.0.2', '1.0.1'].map((name, i) => aDeprecatedSeed(name, 40 + i * 10, EOL_PASSED))];
}

let stack: Stack;

beforeAll(async () => {
  const catalog = aCatalog({ images: IMAGES.map(anAppImage) });
  stack = await startStack({
    catalog,
    seed: pruneSeed(catalog, {
      versions: { 'app-a': deletableVersions(), 'app-b': deletableVersions(), 'app-c': [aVersionSeed('1.0.5', 2), aVersionSeed('1.0.4', 40), aVersionSeed('1.0.3', 50)],
      'app-d': deletableVersions(),
    },
    }),
    log: process.env['E2E_LOG'] ? (line) => console.log(line) : undefined,
  });
});

afterAll(async () => {
  await stack?.stop();
});

async function fault(spec: Record<string, unknown>): Promise<void> {
  const res = await stack.control('POST', 'faults', spec);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

async function applyPrune(image: string): Promise<{ runId: string; out: PruneOutput }> {
  const started = await postJson(`${stack.url}/api/images/${image}/prune?dryRun=false`);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  const runId = runIdOf(started);
  const status = await runUntilDone(stack, runId);
  expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
  return { runId, out: status.output as PruneOutput };
}

async function versionsLeft(image: string): Promise<string[]> {
  return (await armReader(stack).gallery.listImageVersions(imageRef(stack, image))).map((v) => v.name).sort();
}

describe('prune under ARM faults', () => {
  it('a failing delete LRO and a DELETE stuck on 503 are reported; the other deletions go through', async () => {
    await fault({ method: 'DELETE', path: '/images/app-a/versions/1.0.2', lro: 'fail', code: 'InternalOperationError' });
    await fault({ method: 'DELETE', path: '/images/app-a/versions/1.0.3', status: 503, retryAfter: 0, count: 1000 });
    const { out } = await applyPrune('app-a');
    await stack.control('DELETE', 'faults');

    expect([...out.deleted].sort()).toEqual(['1.0.1', '1.0.4']);
    const failed = Object.fromEntries(out.failed.map((f) => [f.version, f]));
    expect(failed['1.0.2']).toMatchObject({ action: 'delete', reason: expect.stringMatching(/^OPERATION_FAILED: .*Failed/) });
    expect(failed['1.0.3']).toMatchObject({ action: 'delete', reason: expect.stringContaining('ARM_UNAVAILABLE') });
    expect(out.failed).toHaveLength(2);
    expect(await versionsLeft('app-a')).toEqual(['1.0.2', '1.0.3', '1.0.5']);
  });

  it('throttled and failing reads are retried (a short Retry-After inside the activity, a long one on a durable timer)', async () => {
    await fault({ method: 'GET', path: '/providers/Microsoft.Compute/virtualMachines', status: 429, retryAfter: 1, count: 2 });
    await fault({ method: 'GET', path: '/images/app-b/versions', status: 500, count: 1 });
    // Longer than ARM_MAX_RETRY_AFTER_SECONDS (5 in the stack): the activity hands the wait to the orchestration.
    await fault({ method: 'GET', path: '/providers/Microsoft.Compute/virtualMachineScaleSets', status: 429, retryAfter: 60, count: 1 });
    const { runId, out } = await applyPrune('app-b');
    const faults = await stack.control('GET', 'faults');
    await stack.control('DELETE', 'faults');

    expect((faults.body as { faults: unknown[] }).faults).toEqual([]);
    expect(out.failed).toEqual([]);
    expect([...out.deleted].sort()).toEqual(['1.0.1', '1.0.2', '1.0.3', '1.0.4']);
    expect(await versionsLeft('app-b')).toEqual(['1.0.5']);
    await expectDeterministicReplay(stack, runId, out);
  });

  it('a deprecation ARM keeps refusing is reported; the other version is deprecated', async () => {
    await fault({ method: 'PATCH', path: '/images/app-c/versions/1.0.3', status: 503, retryAfter: 0, count: 1000 });
    const { out } = await applyPrune('app-c');
    await stack.control('DELETE', 'faults');

    expect(out.deprecated).toEqual(['1.0.4']);
    expect(out.failed).toEqual([{ version: '1.0.3', action: 'deprecate', reason: expect.stringContaining('ARM_UNAVAILABLE') }]);
    const arm = armReader(stack).gallery;
    expect((await arm.getImageVersion(imageRef(stack, 'app-c'), '1.0.4')).excludeFromLatest).toBe(true);
    expect((await arm.getImageVersion(imageRef(stack, 'app-c'), '1.0.3')).excludeFromLatest).toBe(false);
  });

  it('a VM pinned to a candidate after the plan was read is found by the re-read right before deleting: that delete is refused', async () => {
    // Hold the plan's scale-set list long enough to add a VM once its VM list has been answered.
    await fault({ method: 'GET', path: '/providers/Microsoft.Compute/virtualMachineScaleSets', latencyMs: 2000, count: 1 });
    await stack.clearArmRequests();
    const started = await postJson(`${stack.url}/api/images/app-d/prune?dryRun=false`);
    expect(started.status).toBe(202);
    for (let i = 0; i < 200 && !(await stack.armRequests()).some((r) => r.method === 'GET' && /\/virtualMachines$/i.test(r.path)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const seeded = await stack.control('POST', 'seed', { defaults: { subscriptionId: stack.catalog.gallery.subscriptionId }, defaultPlatformImages: false, virtualMachines: [aPinnedVm('vm-late', 'app-d', '1.0.2')] });
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(200);
    const status = await runUntilDone(stack, runIdOf(started));
    await stack.control('DELETE', 'faults');
    const out = status.output as PruneOutput;

    // The plan did not see the VM, the confirmation did.
    expect(out.items.find((i) => i.version === '1.0.2')?.action).toBe('delete');
    expect(out.failed).toEqual([{ version: '1.0.2', action: 'delete', reason: expect.stringMatching(/^STILL_IN_USE: used by .*vm-late/) }]);
    expect([...out.deleted].sort()).toEqual(['1.0.1', '1.0.3', '1.0.4']);
    expect(await versionsLeft('app-d')).toEqual(['1.0.2', '1.0.5']);
  });
});
