import { ComputeManagementClient } from '@azure/arm-compute';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { ComputePort } from '../../ports/computePort';
import type { GalleryPort } from '../../ports/galleryPort';
import { capRetryAfterPolicy } from './capRetryAfterPolicy';
import type { ClientFor } from './clientFor';
import { createComputeAdapter } from './computeAdapter';
import { expandReplicationStatusPolicy } from './expandReplicationStatusPolicy';
import { createGalleryAdapter } from './galleryAdapter';

export interface AzureAdapterSettings {
  /** e.g. https://management.azure.com, or the emulated ARM offline. */
  armEndpoint: string;
  /** Extra CA to trust for ARM (PEM), offline only; the system store still applies. */
  caPem: string | undefined;
  /** User-assigned managed identity; unset → DefaultAzureCredential. */
  clientId: string | undefined;
  defaultSubscriptionId: string;
  /** Longer Retry-After waits are returned to the orchestration instead of blocking the activity. */
  maxRetryAfterSeconds: number;
}

export interface AzureAdapters {
  gallery: GalleryPort;
  compute: ComputePort;
}


export function createCredential(clientId: string | undefined): TokenCredential {
  return clientId === undefined ? new DefaultAzureCredential() : new ManagedIdentityCredential({ clientId });
}

export function createComputeClientFactory(settings: AzureAdapterSettings, credential: TokenCredential): ClientFor {
  const clients = new Map<string, ComputeManagementClient>();
  return (subscriptionId) => {
    const key = subscriptionId.toLowerCase();
    const existing = clients.get(key);
    if (existing) return existing;
    const client = new ComputeManagementClient(credential, subscriptionId, {
      endpoint: settings.armEndpoint,
      // Trusting an extra CA through client options keeps NODE_EXTRA_CA_CERTS (read only at process start) out of it.
      ...(settings.caPem === undefined ? {} : { tlsOptions: { ca: settings.caPem } }),
      additionalPolicies: [
        { policy: capRetryAfterPolicy(settings.maxRetryAfterSeconds), position: 'perRetry' },
        { policy: expandReplicationStatusPolicy(), position: 'perCall' },
      ],
    });
    clients.set(key, client);
    return client;
  };
}

/** Builds the credential and SDK clients from settings; the same path runs against Azure and the emulator. */
export function createAzureAdapters(settings: AzureAdapterSettings): AzureAdapters {
  const clientFor = createComputeClientFactory(settings, createCredential(settings.clientId));
  return {
    gallery: createGalleryAdapter(clientFor),
    compute: createComputeAdapter(clientFor, settings.defaultSubscriptionId),
  };
}
