/**
 * Images new to the catalog (no image definition yet) are bootstrapped by the scheduled run: a missing definition is
 * a reason to build (the build creates it), never a block, and no SDK wording reaches the run's output. An image
 * built on such a new image follows it in the same run. The run's sweep is the only one: its builds skip theirs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipeSha256 } from '../../shared/domain/hashing';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, anImageNamed, GALLERY, GALLERY_RG, STAGING_RG, SUBSCRIPTION } from '../support/builders';
import { BASE_IMAGE_VERSIONS, seedFor, type Stack } from '../support/stack';
import { expectDeterministicReplay } from '../support/replay';
import { builtImages, JAMMY, runScheduledRebuild, startHandsOffStack, statusesOf } from './handsOffSupport';

const NEW_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/ubuntu-new`;
const web = anImage();
const fresh = anImageNamed('ubuntu-new');
const freshApp = anImageNamed('ubuntu-new-app', { baseImage: { type: 'gallery', imageId: NEW_ID } });
const catalog = aCatalog({ images: [web, freshApp, fresh] });

/** Only ubuntu-web exists in Azure (up to date); the two others were just added to the catalog. */
function seededGalleries() {
  return (seedFor(catalog).galleries ?? []).map((g) => ({
    ...g,
    images: (g.images ?? [])
      .filter((i) => i.name === web.name)
      .map((i) => ({
        ...i,
        versions: [
          {
            name: '1.0.0',
            ageDays: 1,
            targetRegions: web.targetRegions.map((r) => r.name),
            tags: {
              'autopilot-base-image': `${JAMMY.publisher}:${JAMMY.offer}:${JAMMY.sku}:${BASE_IMAGE_VERSIONS[1]}`,
              'autopilot-recipe-sha256': recipeSha256(web.customization),
            },
          },
        ],
      })),
  }));
}

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({ catalog, seed: { galleries: seededGalleries() } });
});
afterAll(async () => {
  await stack?.stop();
});

describe('images new to the catalog', () => {
  it('are built by the next scheduled run, each creating its definition, with details in our own words', async () => {
    await stack.clearArmRequests();
    const run = await runScheduledRebuild(stack);
    // The run sweeps the staging group once, before anything else; its builds do not list it again.
    const stagingLists = (await stack.armRequests()).filter((r) => r.method === 'GET' && new RegExp(`/resourceGroups/${STAGING_RG}/providers/Microsoft.Compute/virtualMachines$`, 'i').test(r.path));
    expect(stagingLists).toHaveLength(1);
    expect(statusesOf(run.output)).toEqual({ 'ubuntu-web': 'up-to-date', 'ubuntu-new-app': 'rebuild', 'ubuntu-new': 'rebuild' });
    const byImage = new Map(run.output.items.map((i) => [i.image, i]));
    expect(byImage.get('ubuntu-new')?.reasons).toEqual(['definition-missing']);
    expect(byImage.get('ubuntu-new-app')?.reasons).toEqual(['definition-missing']);
    expect(byImage.get('ubuntu-new-app')?.detail).toMatch(/^after ubuntu-new was built in this run: /);
    for (const item of run.output.items) {
      expect(item.detail, item.image).not.toMatch(/pagination|statusCode|RestError/i);
    }
    expect(builtImages(run.output).map((b) => [b.image, b.version, b.promoted]).sort()).toEqual([
      ['ubuntu-new', '1.0.0', true],
      ['ubuntu-new-app', '1.0.0', true],
    ]);

    const gallery = armReader(stack).gallery;
    expect((await gallery.getImageDefinition(imageRef(stack, 'ubuntu-new'))).provisioningState).toBe('Succeeded');
    const appVersion = await gallery.getImageVersion(imageRef(stack, 'ubuntu-new-app'), '1.0.0');
    expect(appVersion.tags['autopilot-base-image']).toBe(`${NEW_ID}/versions/1.0.0`);
    await expectDeterministicReplay(stack, run.status.instanceId, run.output);

    const next = await runScheduledRebuild(stack);
    expect(next.output.summary).toEqual({ rebuild: 0, 'up-to-date': 3, paused: 0, 'already-running': 0, blocked: 0 });
  });
});
