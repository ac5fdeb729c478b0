import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComputeClientFactory } from '../../../../../shared/adapters/azure/createAzureAdapters';
import { createGalleryInventoryAdapter } from '../../../../../shared/adapters/azure/galleryInventoryAdapter';
import type { GalleryInventoryPort } from '../../../../../shared/ports/galleryInventoryPort';
import { startArmEmulator, type ArmEmulator } from '@image-autopilot/azure-offline';

const SUB = '00000000-0000-0000-0000-0000000000aa';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-images`;
const GALLERY = `${RG}/providers/Microsoft.Compute/galleries/gal_main`;
const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'emulator-accepts-any-bearer', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

let arm: ArmEmulator;
let port: GalleryInventoryPort;

beforeAll(async () => {
  arm = await startArmEmulator({
    seed: {
      defaults: { subscriptionId: SUB, location: 'westeurope' },
      galleries: [
        { resourceGroup: 'rg-images', name: 'gal_main', images: [{ name: 'ubuntu-base', versions: [{ name: '1.0.0' }, { name: '1.0.1' }] }, { name: 'empty' }] },
        { resourceGroup: 'rg-other', name: 'gal_other' },
      ],
      defaultPlatformImages: false,
    },
  });
  port = createGalleryInventoryAdapter(createComputeClientFactory({ armEndpoint: arm.url, caPem: arm.caPem, clientId: undefined, defaultSubscriptionId: SUB, maxRetryAfterSeconds: 30 }, credential));
});

afterAll(async () => {
  await arm.stop();
});

describe('createGalleryInventoryAdapter against the emulated ARM', () => {
  it('lists every gallery of the subscription, across resource groups', async () => {
    expect((await port.listGalleries(SUB)).map((g) => g.name).sort()).toEqual(['gal_main', 'gal_other']);
  });

  it('lists definitions of a gallery and versions of a definition, by the IDs the lists return', async () => {
    const [gallery] = (await port.listGalleries(SUB)).filter((g) => g.name === 'gal_main');
    if (gallery === undefined) throw new Error('gal_main not listed');
    const definitions = await port.listImageDefinitions(gallery.id);
    expect(definitions.map((d) => d.name).sort()).toEqual(['empty', 'ubuntu-base']);
    const ubuntu = definitions.find((d) => d.name === 'ubuntu-base');
    expect((await port.listImageVersions(ubuntu?.id ?? '')).map((v) => v.name).sort()).toEqual(['1.0.0', '1.0.1']);
    expect(await port.listImageVersions(`${GALLERY}/images/empty`)).toEqual([]);
  });

  it.each([
    ['listImageDefinitions', () => port.listImageDefinitions(RG), /^BAD_REQUEST: not a gallery or image definition ID/],
    ['listImageVersions', () => port.listImageVersions(GALLERY), /^BAD_REQUEST: not an image definition ID/],
    ['listImageDefinitions of a missing gallery', () => port.listImageDefinitions(`${RG}/providers/Microsoft.Compute/galleries/nope`), /^NOT_FOUND: /],
  ])('%s → a port error with its code first', async (_name, call, message) => {
    await expect(call()).rejects.toThrow(message);
  });
});
