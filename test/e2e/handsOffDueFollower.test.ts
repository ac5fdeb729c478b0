/**
 * An image that is due from the start of a scheduled run (here: new to the catalog) and is built on another catalog
 * image that is due too waits for that base, is decided again once the base is promoted, and says so in its detail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipeSha256 } from '../../shared/domain/hashing';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, anImageNamed, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../support/builders';
import { BASE_IMAGE_VERSIONS, seedFor, type Stack } from '../support/stack';
import { builtImages, JAMMY, runScheduledRebuild, startHandsOffStack } from './handsOffSupport';

const base = anImage();
const BASE_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${base.name}`;
const app = anImageNamed('ubuntu-app', { baseImage: { type: 'gallery', imageId: BASE_ID } });
const catalog = aCatalog({ images: [app, base] });

/** Only the base exists, built from the older platform version: the newer one makes it due. */
function seededGalleries() {
  return (seedFor(catalog).galleries ?? []).map((g) => ({
    ...g,
    images: (g.images ?? [])
      .filter((i) => i.name === base.name)
      .map((i) => ({
        ...i,
        versions: [
          {
            name: '1.0.0',
            ageDays: 1,
            targetRegions: base.targetRegions.map((r) => r.name),
            tags: {
              'autopilot-base-image': `${JAMMY.publisher}:${JAMMY.offer}:${JAMMY.sku}:${BASE_IMAGE_VERSIONS[0]}`,
              'autopilot-recipe-sha256': recipeSha256(base.customization),
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

describe('an image due from the start whose base is due too', () => {
  it('is built after its base, from the version this run promoted, and its detail says why', async () => {
    const run = await runScheduledRebuild(stack);
    const byImage = new Map(run.output.items.map((i) => [i.image, i]));
    expect(byImage.get(base.name)?.reasons).toEqual(['base-image-changed']);
    expect(byImage.get('ubuntu-app')?.status).toBe('rebuild');
    expect(byImage.get('ubuntu-app')?.detail).toMatch(new RegExp(`^after ${base.name} was built in this run: `));
    expect(builtImages(run.output).map((b) => [b.image, b.version, b.promoted]).sort()).toEqual([
      ['ubuntu-app', '1.0.0', true],
      [base.name, '1.1.0', true],
    ]);
    const appVersion = await armReader(stack).gallery.getImageVersion(imageRef(stack, 'ubuntu-app'), '1.0.0');
    expect(appVersion.tags['autopilot-base-image']).toBe(`${BASE_ID}/versions/1.1.0`);
  });
});
