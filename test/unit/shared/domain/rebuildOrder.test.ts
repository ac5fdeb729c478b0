import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BaseImage } from '../../../../shared/domain/catalog';
import { catalogBaseImages, nextWave } from '../../../../shared/domain/rebuildOrder';

const gallery = { subscriptionId: 'sub-1', resourceGroup: 'rg-images', name: 'gal' };
const def = (image: string, g = gallery) => `/subscriptions/${g.subscriptionId}/resourceGroups/${g.resourceGroup}/providers/Microsoft.Compute/galleries/${g.name}/images/${image}`;
const onGallery = (imageId: string): BaseImage => ({ type: 'gallery', imageId });
const marketplace: BaseImage = { type: 'marketplace', publisher: 'p', offer: 'o', sku: 's', version: 'latest' };

describe('catalogBaseImages', () => {
  it.each<[string, { name: string; baseImage: BaseImage }[], Record<string, string>]>([
    ['marketplace bases follow nothing', [{ name: 'web', baseImage: marketplace }], {}],
    ['a definition of the catalog', [{ name: 'web', baseImage: marketplace }, { name: 'app', baseImage: onGallery(def('web')) }], { app: 'web' }],
    ['IDs compare ignoring case and a trailing slash', [{ name: 'web', baseImage: marketplace }, { name: 'app', baseImage: onGallery(`${def('web').toUpperCase()}/`) }], { app: 'web' }],
    ['a pinned version follows nothing', [{ name: 'web', baseImage: marketplace }, { name: 'app', baseImage: onGallery(`${def('web')}/versions/1.0.0`) }], {}],
    ['another gallery’s definition of the same name', [{ name: 'web', baseImage: marketplace }, { name: 'app', baseImage: onGallery(def('web', { ...gallery, name: 'other' })) }], {}],
    ['a definition outside the catalog', [{ name: 'app', baseImage: onGallery(def('web')) }], {}],
    ['never itself', [{ name: 'web', baseImage: onGallery(def('web')) }], {}],
    ['chains', [{ name: 'c', baseImage: onGallery(def('b')) }, { name: 'b', baseImage: onGallery(def('a')) }, { name: 'a', baseImage: marketplace }], { c: 'b', b: 'a' }],
  ])('%s', (_case, images, expected) => {
    expect(Object.fromEntries(catalogBaseImages(gallery, images))).toEqual(expected);
  });
});

describe('nextWave', () => {
  it.each<[string, string[], Record<string, string>, number, string[]]>([
    ['independent images in order, up to the limit', ['a', 'b', 'c'], {}, 2, ['a', 'b']],
    ['a dependent waits for its pending base', ['app', 'web', 'x'], { app: 'web' }, 2, ['web', 'x']],
    ['a dependent whose base is done goes', ['app', 'x'], { app: 'web' }, 2, ['app', 'x']],
    ['a cycle is broken by the first pending image alone', ['a', 'b'], { a: 'b', b: 'a' }, 2, ['a']],
    ['nothing pending', [], {}, 3, []],
  ])('%s', (_case, pending, follows, limit, expected) => {
    expect(nextWave(pending, new Map(Object.entries(follows)), limit)).toEqual(expected);
  });

  it('property: draining waves builds every image once, each after its base, never more than the limit at once', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    fc.assert(
      fc.property(fc.subarray(names, { minLength: 1 }), fc.array(fc.tuple(fc.constantFrom(...names), fc.constantFrom(...names))), fc.integer({ min: 1, max: 4 }), (pendingStart, edges, limit) => {
        const follows = new Map(edges.filter(([x, y]) => x !== y));
        let pending = [...pendingStart];
        const order: string[][] = [];
        while (pending.length > 0) {
          const wave = nextWave(pending, follows, limit);
          expect(wave.length).toBeGreaterThan(0);
          expect(wave.length).toBeLessThanOrEqual(limit);
          expect(nextWave(pending, follows, limit)).toEqual(wave);
          order.push(wave);
          pending = pending.filter((p) => !wave.includes(p));
        }
        expect(order.flat().sort()).toEqual([...pendingStart].sort());
        // Without a cycle among them, an image is built in a later wave than its base.
        const waveOf = new Map(order.flatMap((wave, i) => wave.map((n) => [n, i] as const)));
        const cyclic = (n: string) => {
          const seen = new Set<string>();
          for (let at: string | undefined = n; at !== undefined; at = follows.get(at)) {
            if (seen.has(at)) return true;
            seen.add(at);
          }
          return false;
        };
        for (const [image, base] of follows) {
          const a = waveOf.get(image);
          const b = waveOf.get(base);
          if (a !== undefined && b !== undefined && !cyclic(image)) expect(a).toBeGreaterThan(b);
        }
      }),
    );
  });
});
