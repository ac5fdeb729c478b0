/**
 * How often prunes list usage (VMs and scale sets): dry runs within a minute share one listing per scope, dropped by
 * any write the app makes; an applied prune never uses it: its plan lists afresh, and its deletions list again right
 * before deleting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PruneOutput } from '../../functions/contracts';
import { aCatalog, anImageNamed } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';
import { aDeprecatedSeed, aPinnedVm, aVersionSeed, pruneSeed } from './pruneSeed';

const EOL_PASSED = '2026-11-20T00:00:00.000Z';
const retention = { ...anImageNamed('x').retention, keepLatest: 1, minAgeDays: 7, mode: 'apply' as const };
const IMAGES = [anImageNamed('web-a', { retention }), anImageNamed('web-b', { retention })];

/** `latest`, two old versions to deprecate, two deprecated ones past their end of life to delete. */
const versions = () => [aVersionSeed('1.0.5', 2), aVersionSeed('1.0.4', 40), aVersionSeed('1.0.3', 50), aDeprecatedSeed('1.0.2', 60, EOL_PASSED), aDeprecatedSeed('1.0.1', 70, EOL_PASSED)];

let stack: Stack;

beforeAll(async () => {
  const catalog = aCatalog({ images: IMAGES });
  stack = await startStack({ catalog, seed: pruneSeed(catalog, { versions: Object.fromEntries(IMAGES.map((i) => [i.name, versions()])) }) });
});

afterAll(async () => {
  await stack?.stop();
});

/** Usage listings since the last clear: the first page of each VM list (ARM pages with a skip token). */
async function usageListings(): Promise<number> {
  const requests = await stack.armRequests();
  return requests.filter((r) => r.method === 'GET' && /\/virtualMachines$/i.test(r.path) && !Object.keys(r.query).some((k) => /skiptoken/i.test(k))).length;
}

async function dryRun(image: string): Promise<PruneOutput> {
  const res = await postJson(`${stack.url}/api/images/${image}/prune`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as PruneOutput;
}

const actionOf = (plan: PruneOutput, version: string) => plan.items.find((i) => i.version === version)?.action;

describe('prune usage reads', () => {
  it('dry runs within a minute list usage once between them', async () => {
    await stack.clearArmRequests();
    const plans = [await dryRun('web-a'), await dryRun('web-b'), await dryRun('web-a')];
    expect(plans.map((p) => actionOf(p, '1.0.1'))).toEqual(['delete', 'delete', 'delete']);
    expect(await usageListings()).toBe(1);
  });

  it('a VM created outside the app after a dry run: the applied prune lists afresh and keeps the version it uses', async () => {
    const seeded = await stack.control('POST', 'seed', {
      defaults: { subscriptionId: stack.catalog.gallery.subscriptionId },
      defaultPlatformImages: false,
      virtualMachines: [aPinnedVm('vm-late', 'web-a', '1.0.1')],
    });
    expect(seeded.status).toBe(200);
    await stack.clearArmRequests();
    const started = await postJson(`${stack.url}/api/images/web-a/prune?dryRun=false`);
    expect(started.status).toBe(202);
    const status = await runUntilDone(stack, runIdOf(started));
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const applied = status.output as PruneOutput;
    expect(actionOf(applied, '1.0.1')).toBe('keep');
    expect(applied).toMatchObject({ deleted: ['1.0.2'], failed: [] });
    expect([...applied.deprecated].sort()).toEqual(['1.0.3', '1.0.4']);
    // The plan's listing and the re-read right before deleting; neither from the snapshot.
    expect(await usageListings()).toBe(2);
  });

  it('a write the app made drops the snapshot: the next dry run lists again, the one after it does not', async () => {
    await stack.clearArmRequests();
    expect(actionOf(await dryRun('web-b'), '1.0.1')).toBe('delete');
    expect(await usageListings()).toBe(1);
    await dryRun('web-b');
    expect(await usageListings()).toBe(1);
  });
});
