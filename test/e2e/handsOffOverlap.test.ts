import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RebuildRunInput, RebuildRunOutput } from '../../functions/contracts';
import { postJson, runUntilDone } from '../support/durableApi';
import type { Stack } from '../support/stack';
import { builtImages, getInstance, startHandsOffStack, statusesOf, threeImageCatalog, triggerScheduledRebuild, versionNames } from './handsOffSupport';

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({ catalog: threeImageCatalog() });
});
afterAll(async () => {
  await stack?.stop();
});

describe('overlapping scheduled runs', () => {
  it('start each build once: the later run reports the builds as already running', async () => {
    const firstId = await triggerScheduledRebuild(stack);
    const first = await getInstance(stack.url, firstId);
    // Another run with the same input, started past the rebuild-run lock: its plan says rebuild, each image's build lock
    // (held by the first run's build) refuses it.
    const secondId = 'rebuild-run-20990101000000-abcdef';
    const started = await postJson(`${stack.url}/runtime/webhooks/durabletask/orchestrators/rebuildRun/${secondId}`, first?.input as RebuildRunInput);
    expect(started.status).toBe(202);

    const a = await runUntilDone(stack, firstId, 15, 4000);
    const b = await runUntilDone(stack, secondId, 15, 4000);
    expect([a.runtimeStatus, b.runtimeStatus]).toEqual(['Completed', 'Completed']);
    const [one, two] = [a.output as RebuildRunOutput, b.output as RebuildRunOutput];
    // Each image built by exactly one of the runs, whichever got there first.
    expect([...builtImages(one), ...builtImages(two)].map((o) => o.image).sort()).toEqual(['debian-app', 'ubuntu-api', 'ubuntu-web']);
    // The first wave (MAX_CONCURRENT_BUILDS 2) of the first run was running when the second run reached them.
    expect(statusesOf(two)).toMatchObject({ 'ubuntu-web': 'already-running', 'ubuntu-api': 'already-running' });
    const debian = [one, two].map((o) => statusesOf(o)['debian-app']).sort();
    expect([['already-running', 'rebuild'], ['rebuild', 'up-to-date']]).toContainEqual(debian);
    for (const image of ['ubuntu-web', 'ubuntu-api', 'debian-app']) expect(await versionNames(stack, image)).toEqual(['1.0.0']);
  });
});
