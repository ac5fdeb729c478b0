import type { GalleryLifecyclePort } from '../../ports/galleryPort';
import type { UsagePort } from '../../ports/usagePort';
import { createComputeClientFactory, createCredential, type AzureAdapterSettings } from './createAzureAdapters';
import { createPruneGalleryAdapter } from './pruneGalleryAdapter';
import { createUsageAdapter } from './usageAdapter';

export interface PruneAdapters {
  usage: UsagePort;
  lifecycle: GalleryLifecyclePort;
}

/**
 * Same settings, same client options (CA, Retry-After cap) as the build adapters. Its own client factory keeps
 * createAzureAdapters untouched; the cost is one more credential object (tokens are cached per credential).
 */
export function createPruneAdapters(settings: AzureAdapterSettings): PruneAdapters {
  const clientFor = createComputeClientFactory(settings, createCredential(settings.clientId));
  return { usage: createUsageAdapter(clientFor), lifecycle: createPruneGalleryAdapter(clientFor) };
}
