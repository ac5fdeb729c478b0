import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PruneOutput } from '../../functions/contracts';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { expectDeterministicReplay } from '../support/replay';
import { startStack, type Stack } from '../support/stack';
import { aPinnedVm, aScaleSetOnLatest, aVersionSeed, pruneSeed, type VersionSeed } from './pruneSeed';

const IMAGE = 'ubuntu-web';
const DAY = 86_400;

/** One seeded version per reason the plan must explain (issue 8's fixture list). */
const VERSIONS: VersionSeed[] = [
  aVersionSeed('1.0.10', 1),
  aVersionSeed('1.0.9', 3),
  aVersionSeed('1.0.8', 40),
  aVersionSeed('1.0.7', 50, { tags: { 'autopilot-retain': 'true' } }),
  aVersionSeed('1.0.6', 60, { targetRegions: ['westeurope', 'northeurope'], replication: { northeurope: 'InProgress' } }),
  aVersionSeed('1.0.5', 70, { excludeFromLatest: true, endOfLifeDate: '2026-12-25T08:00:00.000Z', blockDeletionBeforeEndOfLife: true }),
  aVersionSeed('1.0.4', 80),
  aVersionSeed('1.0.3', 90),
  aVersionSeed('1.0.2', 100, { targetRegions: ['westeurope', 'eastus'] }),
];

let stack: Stack;

beforeAll(async () => {
  const retention = { ...anImage().retention, keepLatest: 2, minAgeDays: 7, deprecateBeforeDeleteDays: 14, maxDeletionsPerRun: 10, mode: 'apply' as const };
  const catalog = aCatalog({ images: [anImage({ retention })] });
  stack = await startStack({
    catalog,
    seed: pruneSeed(catalog, {
      versions: { [IMAGE]: VERSIONS },
      vms: [aPinnedVm('vm-pinned', IMAGE, '1.0.8')],
      scaleSets: [aScaleSetOnLatest('vmss-latest', IMAGE, 'eastus')],
    }),
    log: process.env['E2E_LOG'] ? (line) => console.log(line) : undefined,
  });
});

afterAll(async () => {
  await stack?.stop();
});

function reasons(plan: PruneOutput): Record<string, string> {
  return Object.fromEntries(plan.items.map((i) => [i.version, `${i.action}:${i.reason}`]));
}

describe('prune through the local host and the emulated ARM', () => {
  it('a dry run (the default) explains every version and changes nothing', async () => {
    const res = await postJson(`${stack.url}/api/images/${IMAGE}/prune`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const plan = res.body as PruneOutput;
    expect(plan.dryRun).toBe(true);
    expect(reasons(plan)).toEqual({
      '1.0.10': 'keep:latest',
      '1.0.9': 'keep:within-keep-latest',
      '1.0.8': 'keep:in-use',
      '1.0.7': 'keep:protected',
      '1.0.6': 'keep:replicating',
      '1.0.5': 'keep:eol-blocked',
      '1.0.4': 'deprecate:superseded',
      '1.0.3': 'deprecate:superseded',
      '1.0.2': 'keep:latest',
    });
    expect(plan.items.find((i) => i.version === '1.0.8')?.detail).toContain('vm-pinned');
    expect(plan.summary).toEqual({ keep: 7, deprecate: 2, delete: 0 });
    const v = await armReader(stack).gallery.getImageVersion(imageRef(stack, IMAGE), '1.0.4');
    expect(v.excludeFromLatest).toBe(false);
    expect(v.endOfLifeDate).toBeNull();
  });

  it('apply deprecates the old unused versions; past their end of life the next apply deletes them, the rest stay', async () => {
    const first = await postJson(`${stack.url}/api/images/${IMAGE}/prune?dryRun=false`);
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const firstId = runIdOf(first);
    expect(firstId).toMatch(/^prune-ubuntu-web-\d{14}-[0-9a-f]{6}$/);
    expect(first.headers.get('location')).toContain(firstId);
    const run1 = await runUntilDone(stack, firstId);
    expect(run1.runtimeStatus, JSON.stringify(run1.output)).toBe('Completed');
    const out1 = run1.output as PruneOutput;
    expect(run1.customStatus).toMatchObject({ step: 'done', percent: 100, detail: expect.stringContaining('deprecated 2') });
    expect(out1).toMatchObject({ dryRun: false, trigger: 'http', deleted: [], failed: [] });
    expect([...out1.deprecated].sort()).toEqual(['1.0.3', '1.0.4']);

    const arm = armReader(stack);
    const ref = imageRef(stack, IMAGE);
    const deprecated = await arm.gallery.getImageVersion(ref, '1.0.4');
    expect(deprecated.excludeFromLatest).toBe(true);
    const eol = Date.parse(deprecated.endOfLifeDate ?? '');
    expect(eol - stack.clock.now().getTime()).toBeGreaterThan(13 * DAY * 1000);

    // Past the 14-day end of life (1.0.5's own end of life, 30 days out, is still ahead).
    const moved = await stack.control('POST', 'clock', { advanceSeconds: 15 * DAY });
    expect(moved.status).toBe(200);
    await stack.clearArmRequests();
    const second = await postJson(`${stack.url}/api/images/${IMAGE}/prune?dryRun=false`);
    expect(second.status, JSON.stringify(second.body)).toBe(202);
    const secondId = runIdOf(second);
    // A run of its own: the first run's record and history stay as they were.
    expect(secondId).not.toBe(firstId);
    const run2 = await runUntilDone(stack, secondId);
    expect(run2.runtimeStatus, JSON.stringify(run2.output)).toBe('Completed');
    const out2 = run2.output as PruneOutput;
    expect([...out2.deleted].sort(), JSON.stringify(out2)).toEqual(['1.0.3', '1.0.4']);
    expect(out2.failed).toEqual([]);
    expect(reasons(out2)['1.0.5']).toBe('keep:eol-blocked');
    // Replayed twice through the SDK (deletes, the usage re-read and the polling timers included): same decisions.
    await expectDeterministicReplay(stack, secondId, out2);

    const left = (await arm.gallery.listImageVersions(ref)).map((v) => v.name).sort();
    expect(left).toEqual(['1.0.10', '1.0.2', '1.0.5', '1.0.6', '1.0.7', '1.0.8', '1.0.9']);
    // A fresh GET of each deleted version right before its DELETE, and no GET of any other version.
    const requests = await stack.armRequests();
    const versionGets = requests.filter((r) => r.method === 'GET' && /\/versions\/[^/]+$/i.test(r.path)).map((r) => r.path.split('/').pop());
    expect(versionGets.sort()).toEqual(['1.0.3', '1.0.4']);
    const deletes = requests.filter((r) => r.method === 'DELETE').map((r) => r.path.split('/').pop());
    expect(deletes.sort()).toEqual(['1.0.3', '1.0.4']);
  });

  it('while a prune of the image runs, another prune (dry run or not) is 409 PRUNE_RUNNING naming the running run, with Location', async () => {
    // Hold the run's version list so the instance is still running when the second request arrives.
    expect((await stack.control('POST', 'faults', { method: 'GET', path: `/images/${IMAGE}/versions`, latencyMs: 1500, count: 1 })).status).toBe(201);
    const started = await postJson(`${stack.url}/api/images/${IMAGE}/prune?dryRun=false`);
    expect(started.status).toBe(202);
    const running = runIdOf(started);
    for (const query of ['', '?dryRun=false']) {
      const again = await postJson(`${stack.url}/api/images/${IMAGE}/prune${query}`);
      expect(again.status, JSON.stringify(again.body)).toBe(409);
      expect(again.body).toMatchObject({ error: { code: 'PRUNE_RUNNING' }, runId: running, instance: { id: running } });
      expect(again.headers.get('location')).toContain(running);
    }
    expect((await runUntilDone(stack, running)).runtimeStatus).toBe('Completed');
  });

  it('an unknown image is 404 NOT_FOUND', async () => {
    const res = await postJson(`${stack.url}/api/images/no-such-image/prune`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it.each(['maybe', '', 'yes', '1'])('dryRun=%j is 400 VALIDATION_FAILED naming dryRun', async (value) => {
    const res = await postJson(`${stack.url}/api/images/${IMAGE}/prune?dryRun=${encodeURIComponent(value)}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'dryRun' }] } });
  });
});
