import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureAdapters, type AzureAdapters } from '../../../../../shared/adapters/azure/createAzureAdapters';
import type { GalleryPort } from '../../../../../shared/ports/galleryPort';
import { startArmEmulator, type ArmEmulator } from '@image-autopilot/azure-offline';
import { GALLERY, GALLERY_RG, SUBSCRIPTION } from '../../../../support/builders';

// The prune adapters through the real SDK against the emulated ARM: list shapes, what is filtered, what a PATCH
// touches. (Activities and triggers are tested over typed fakes; this is the seam those fakes stand for.)
const IMAGE = 'ubuntu-web';
const definitionId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${IMAGE}`;
const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: IMAGE };

let emulator: ArmEmulator;
let prune: AzureAdapters;
let gallery: GalleryPort;

beforeAll(async () => {
  emulator = await startArmEmulator({
    seed: {
      defaults: { subscriptionId: SUBSCRIPTION, location: 'westeurope' },
      resourceGroups: [{ name: 'rg-a' }, { name: 'rg-b' }],
      galleries: [
        {
          resourceGroup: GALLERY_RG,
          name: GALLERY,
          sharing: 'Community',
          images: [{ name: IMAGE, versions: [{ name: '1.0.1', ageDays: 30, targetRegions: ['westeurope', 'eastus'] }, { name: '1.0.2', ageDays: 1 }] }],
        },
      ],
      virtualMachines: [
        { resourceGroup: 'rg-a', name: 'vm-pinned', imageReference: { id: `${definitionId}/versions/1.0.1` } },
        { resourceGroup: 'rg-b', name: 'vm-marketplace' },
      ],
      scaleSets: [{ resourceGroup: 'rg-b', name: 'vmss-latest', location: 'eastus', imageReference: { id: definitionId } }],
    },
  });
  process.env['IDENTITY_ENDPOINT'] = emulator.identityEndpoint;
  process.env['IDENTITY_HEADER'] = emulator.identityHeader;
  const settings = { armEndpoint: emulator.url, caPem: emulator.caPem, clientId: undefined, defaultSubscriptionId: SUBSCRIPTION, maxRetryAfterSeconds: 5 };
  prune = createAzureAdapters(settings);
  gallery = prune.gallery;
});

afterAll(async () => {
  await emulator?.stop();
});

describe('gallery lifecycle adapter', () => {
  it('reads the sharing permission', async () => {
    expect(await prune.galleryLifecycle.getGallerySharing({ subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY })).toBe('Community');
  });

  it('deprecating sets excludeFromLatest and the end of life and leaves the target regions alone', async () => {
    const before = await gallery.getImageVersion(ref, '1.0.1');
    await prune.galleryLifecycle.startDeprecateImageVersion(ref, '1.0.1', '2026-12-31T00:00:00.000Z');
    emulator.clock.advance(120);
    const after = await gallery.getImageVersion(ref, '1.0.1');
    expect(after).toMatchObject({ excludeFromLatest: true, endOfLifeDate: '2026-12-31T00:00:00.000Z' });
    expect(after.targetRegions).toEqual(before.targetRegions);
  });

  it('deleting starts the delete; the version is gone once the operation finished', async () => {
    await prune.galleryLifecycle.startDeleteImageVersion(ref, '1.0.2');
    expect((await gallery.getImageVersion(ref, '1.0.2')).provisioningState).toBe('Deleting');
    emulator.clock.advance(120);
    await expect(gallery.getImageVersion(ref, '1.0.2')).rejects.toThrow(/^NOT_FOUND: /);
  });
});
