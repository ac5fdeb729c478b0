/** Reads the emulated Azure through the product's own adapters (real SDK clients), the way the e2e checks verify outcomes. */
import { createAzureAdapters, type AzureAdapters } from '../../shared/adapters/azure/createAzureAdapters';
import type { Stack } from './stack';

export function armReader(stack: Stack): AzureAdapters {
  return createAzureAdapters({
    armEndpoint: stack.arm.url,
    caPem: stack.arm.caPem,
    clientId: undefined,
    defaultSubscriptionId: stack.catalog.gallery.subscriptionId,
    maxRetryAfterSeconds: 60,
  });
}

export function imageRef(stack: Stack, imageName: string) {
  const g = stack.catalog.gallery;
  return { subscriptionId: g.subscriptionId, resourceGroup: g.resourceGroup, galleryName: g.name, imageName };
}
