import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { armReader, imageRef } from '../support/armReader';
import type { Stack } from '../support/stack';
import { getInstance } from '../support/durableApi';
import { expectDeterministicReplay } from '../support/replay';
import { builtImages, JAMMY, runScheduledRebuild, startHandsOffStack, statusesOf, threeImageCatalog, versionNames } from './handsOffSupport';

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({ catalog: threeImageCatalog() });
});
afterAll(async () => {
  await stack?.stop();
});

describe('scheduled rebuild through the local host and the emulated ARM', () => {
  it('builds every image without a version, then after a newer base image only the images that depend on it', async () => {
    const first = await runScheduledRebuild(stack);
    expect(statusesOf(first.output)).toEqual({ 'ubuntu-web': 'rebuild', 'ubuntu-api': 'rebuild', 'debian-app': 'rebuild' });
    expect(first.output.items.map((i) => [i.reasons, i.build?.outcome])).toEqual([
      [['no-version'], 'built'],
      [['no-version'], 'built'],
      [['no-version'], 'built'],
    ]);

    const published = await stack.control('POST', 'marketplace', { location: 'westeurope', ...JAMMY, version: '22.4.202612010' });
    expect(published.status).toBe(201);

    const second = await runScheduledRebuild(stack);
    expect(statusesOf(second.output)).toEqual({ 'ubuntu-web': 'rebuild', 'ubuntu-api': 'rebuild', 'debian-app': 'up-to-date' });
    expect(second.output.items.find((i) => i.image === 'ubuntu-web')?.reasons).toEqual(['base-image-changed']);
    expect(second.output.summary).toEqual({ rebuild: 2, 'up-to-date': 1, paused: 0, 'already-running': 0, blocked: 0 });
    expect(builtImages(second.output).map((b) => [b.image, b.version, b.trigger]).sort()).toEqual([
      ['ubuntu-api', '1.1.0', 'schedule'],
      ['ubuntu-web', '1.1.0', 'schedule'],
    ]);

    const web = await armReader(stack).gallery.getImageVersion(imageRef(stack, 'ubuntu-web'), '1.1.0');
    expect(web.tags['autopilot-base-image']).toBe(`${JAMMY.publisher}:${JAMMY.offer}:${JAMMY.sku}:22.4.202612010`);
    expect(await versionNames(stack, 'debian-app')).toEqual(['1.0.0']);

    // The run and its per-image children replay to the same decisions (docs/architecture.md#testing-layers).
    const runId = second.status.instanceId;
    await expectDeterministicReplay(stack, runId, second.output);
    const child = await getInstance(stack.url, `${runId}:0`);
    expect(child?.name).toBe('rebuildRunImage');
    await expectDeterministicReplay(stack, `${runId}:0`, child?.output);

    // Nothing changed since: a third run builds nothing.
    const third = await runScheduledRebuild(stack);
    expect(third.output.summary).toEqual({ rebuild: 0, 'up-to-date': 3, paused: 0, 'already-running': 0, blocked: 0 });
  });
});
