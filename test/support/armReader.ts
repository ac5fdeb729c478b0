/** Reads the emulated Azure through the product's own adapters (real SDK clients), the way the e2e checks verify outcomes. */
import type { ComputeManagementClient } from '@azure/arm-compute';
import { createAzureAdapters, createComputeClientFactory, createCredential, type AzureAdapters } from '../../shared/adapters/azure/createAzureAdapters';
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

/** The raw @azure/arm-compute client of the gallery subscription, for fields the product's ports do not map. */
export function computeClient(stack: Stack): ComputeManagementClient {
  const settings = { armEndpoint: stack.arm.url, caPem: stack.arm.caPem, clientId: undefined, defaultSubscriptionId: stack.catalog.gallery.subscriptionId, maxRetryAfterSeconds: 60 };
  return createComputeClientFactory(settings, createCredential(undefined))(stack.catalog.gallery.subscriptionId);
}
