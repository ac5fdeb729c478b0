/**
 * The catalog's `retention.mode` through the HTTP route: an image whose catalog says "plan only" (`dryRun`, also the
 * built-in default) is never pruned for real by `POST …/prune?dryRun=false`; its dry run still answers with the plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PruneOutput } from '../../functions/contracts';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, anImageNamed } from '../support/builders';
import { listRuns, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { instancesWithPrefix } from './handsOffSupport';
import { startStack, type Stack } from '../support/stack';
import { aVersionSeed, pruneSeed } from './pruneSeed';

const APPLY = 'img-apply';
const PLAN_ONLY = 'img-plan-only';
/** Seven old, unused versions below the newest two: a plan deprecates them (the "7 versions"). */
const VERSIONS = ['1.0.9', '1.0.8', '1.0.7', '1.0.6', '1.0.5', '1.0.4', '1.0.3', '1.0.2', '1.0.1'].map((name, i) => aVersionSeed(name, 20 + 10 * i));
const retention = { ...anImage().retention, keepLatest: 2, minAgeDays: 7, maxDeletionsPerRun: 10, maxDeleteShare: 1 };

let stack: Stack;
beforeAll(async () => {
  const catalog = aCatalog({
    images: [anImageNamed(APPLY, { retention: { ...retention, mode: 'apply' } }), anImageNamed(PLAN_ONLY, { retention: { ...retention, mode: 'dryRun' } })],
  });
  stack = await startStack({ catalog, seed: pruneSeed(catalog, { versions: { [APPLY]: VERSIONS, [PLAN_ONLY]: VERSIONS } }) });
});
afterAll(async () => {
  await stack?.stop();
});

const unpromoted = async (image: string) => (await armReader(stack).gallery.listImageVersions(imageRef(stack, image))).filter((v) => v.excludeFromLatest).map((v) => v.name);

describe('retention.mode decides whether POST …/prune?dryRun=false may change anything', () => {
  it('a plan-only image: 409 PRUNE_MODE_DRY_RUN naming the catalog setting, no instance, no ARM request, no version touched', async () => {
    await stack.clearArmRequests();
    const res = await postJson(`${stack.url}/api/images/${PLAN_ONLY}/prune?dryRun=false`);
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body).toEqual({
      error: {
        code: 'PRUNE_MODE_DRY_RUN',
        message: expect.stringContaining('images[1].retention.mode'),
        details: [{ path: 'images[1].retention.mode', message: expect.stringContaining('"apply"') }],
      },
    });
    // Nothing started: no run recorded, no Durable instance.
    expect(await listRuns(stack.url, { kind: 'prune', image: PLAN_ONLY })).toEqual([]);
    expect(await instancesWithPrefix(stack, `prune-${PLAN_ONLY}-`)).toEqual([]);
    expect(await stack.armRequests()).toEqual([]);
    expect(await unpromoted(PLAN_ONLY)).toEqual([]);
  });

  it('its dry run is still allowed and plans the deprecations the refused run would have made', async () => {
    const res = await postJson(`${stack.url}/api/images/${PLAN_ONLY}/prune`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const plan = res.body as PruneOutput;
    expect(plan).toMatchObject({ dryRun: true, summary: { deprecate: 7 } });
    expect(await unpromoted(PLAN_ONLY)).toEqual([]);
    // Refused again once a finished dry run holds the image's prune lock.
    expect((await postJson(`${stack.url}/api/images/${PLAN_ONLY}/prune?dryRun=false`)).status).toBe(409);
  });

  it('an image whose catalog says apply is pruned for real', async () => {
    const res = await postJson(`${stack.url}/api/images/${APPLY}/prune?dryRun=false`);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const run = await runUntilDone(stack, runIdOf(res));
    expect(run.runtimeStatus, JSON.stringify(run.output)).toBe('Completed');
    expect((run.output as PruneOutput).deprecated).toHaveLength(7);
    expect(await unpromoted(APPLY)).toHaveLength(7);
  });
});
