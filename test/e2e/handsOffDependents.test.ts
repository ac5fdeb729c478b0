/**
 * A catalog image built on another catalog image (baseImage type gallery naming its definition) is rebuilt in the
 * same scheduled run as its base, after the base's new version is promoted, not one run (a day) later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipeSha256 } from '../../shared/domain/hashing';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, anImageNamed, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../support/builders';
import { getInstance, listRuns } from '../support/durableApi';
import { BASE_IMAGE_VERSIONS, seedFor, type Stack } from '../support/stack';
import { expectDeterministicReplay } from '../support/replay';
import { builtImages, JAMMY, runScheduledRebuild, startHandsOffStack, statusesOf } from './handsOffSupport';

const WEB_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/ubuntu-web`;
const web = anImage();
const app = anImageNamed('ubuntu-app', { baseImage: { type: 'gallery', imageId: WEB_ID } });
// The dependent comes first in the catalog: the order must come from the dependency, not from the listing.
const catalog = aCatalog({ images: [app, web] });

const REGIONS = web.targetRegions.map((r) => r.name);
/** Both images built yesterday, each from the newest base of the time: up to date until jammy moves. */
const SEEDED: Record<string, Record<string, string>> = {
  'ubuntu-web': {
    'autopilot-base-image': `${JAMMY.publisher}:${JAMMY.offer}:${JAMMY.sku}:${BASE_IMAGE_VERSIONS[1]}`,
    'autopilot-recipe-sha256': recipeSha256(web.customization),
  },
  'ubuntu-app': { 'autopilot-base-image': `${WEB_ID}/versions/1.0.0`, 'autopilot-recipe-sha256': recipeSha256(app.customization) },
};

function seededGalleries() {
  return (seedFor(catalog).galleries ?? []).map((g) => ({
    ...g,
    images: (g.images ?? []).map((i) => ({ ...i, versions: [{ name: '1.0.0', ageDays: 1, targetRegions: REGIONS, tags: SEEDED[i.name] ?? {} }] })),
  }));
}

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({ catalog, seed: { galleries: seededGalleries() } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('an image whose base is another catalog image', () => {
  it('is rebuilt in the same run as its base, from the base version that run promoted', async () => {
    expect((await stack.control('POST', 'marketplace', { location: 'westeurope', ...JAMMY, version: '22.4.202612010' })).status).toBe(201);

    const run = await runScheduledRebuild(stack);
    expect(statusesOf(run.output)).toEqual({ 'ubuntu-app': 'rebuild', 'ubuntu-web': 'rebuild' });
    const appItem = run.output.items.find((i) => i.image === 'ubuntu-app');
    expect(appItem?.reasons).toEqual(['base-image-changed']);
    expect(appItem?.detail).toContain('ubuntu-web');
    expect(builtImages(run.output).map((b) => [b.image, b.version, b.promoted]).sort()).toEqual([
      ['ubuntu-app', '1.1.0', true],
      ['ubuntu-web', '1.1.0', true],
    ]);

    // Built on the version of ubuntu-web this run promoted, and started only after that build had finished.
    const appVersion = await armReader(stack).gallery.getImageVersion(imageRef(stack, 'ubuntu-app'), '1.1.0');
    expect(appVersion.tags['autopilot-base-image']).toBe(`${WEB_ID}/versions/1.1.0`);
    const [webRun] = await listRuns(stack.url, { kind: 'build', image: 'ubuntu-web', top: 1 });
    const [appRun] = await listRuns(stack.url, { kind: 'build', image: 'ubuntu-app', top: 1 });
    // Both builds are runs of their own, started by this scheduled run.
    expect([webRun?.parentRunId, appRun?.parentRunId]).toEqual([run.status.instanceId, run.status.instanceId]);
    const webBuild = await getInstance(stack.url, webRun?.runId ?? 'no web build run');
    const appBuild = await getInstance(stack.url, appRun?.runId ?? 'no app build run');
    expect(Date.parse(appBuild?.createdTime ?? '')).toBeGreaterThanOrEqual(Date.parse(webBuild?.lastUpdatedTime ?? 'x'));

    await expectDeterministicReplay(stack, run.status.instanceId, run.output);

    // No lag left for the next run.
    const next = await runScheduledRebuild(stack);
    expect(next.output.summary).toEqual({ rebuild: 0, 'up-to-date': 2, paused: 0, 'already-running': 0, blocked: 0 });
  });
});
