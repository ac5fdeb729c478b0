import type { ComputeManagementClient } from '@azure/arm-compute';
import type { TokenCredential } from '@azure/identity';
import type { ComputePort } from '../../ports/computePort';
import type { DefinitionTagsPort } from '../../ports/definitionTagsPort';
import type { GalleryInventoryPort } from '../../ports/galleryInventoryPort';
import type { GalleryLifecyclePort, GallerySharingPort } from '../../ports/galleryLifecyclePort';
import type { GalleryPort } from '../../ports/galleryPort';
import type { ImportSourcePort } from '../../ports/importSourcePort';
import type { TelemetryPort } from '../../ports/telemetryPort';
import type { UsagePort } from '../../ports/usagePort';
import { armTelemetryPolicy } from './armTelemetryPolicy';
import { loadArmCompute, loadIdentity, onFirstUse } from './azureSdk';
import { capRetryAfterPolicy } from './capRetryAfterPolicy';
import type { ClientFor } from './clientFor';
import { createComputeAdapter } from './computeAdapter';
import { createDefinitionTagsAdapter } from './definitionTagsAdapter';
import { expandReplicationStatusPolicy } from './expandReplicationStatusPolicy';
import { createGalleryAdapter } from './galleryAdapter';
import { createGalleryInventoryAdapter } from './galleryInventoryAdapter';
import { createGalleryLifecycleAdapter } from './galleryLifecycleAdapter';
import { createGallerySharingAdapter } from './gallerySharingAdapter';
import { createImportSourceAdapter } from './importSourceAdapter';
import { createUsageAdapter } from './usageAdapter';
import { writeEpochPolicy, type WriteEpoch } from './writeEpoch';

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
  /** Counts every write the clients send, so the usage snapshot is dropped by any of them. */
  writes?: WriteEpoch;
  /** Receives the ARM request and throttling metrics. */
  telemetry?: TelemetryPort;
}

/** Every port served by the compute SDK, over one client factory (one client per subscription). */
export interface AzureAdapters {
  gallery: GalleryPort;
  compute: ComputePort;
  usage: UsagePort;
  galleryLifecycle: GalleryLifecyclePort;
  gallerySharing: GallerySharingPort;
  definitionTags: DefinitionTagsPort;
  galleryInventory: GalleryInventoryPort;
  importSources: ImportSourcePort;
}

/**
 * One credential (one token cache) for every client. The identity SDK and the credential itself are made on the
 * first token request, so a start that calls no Azure API loads none of it.
 */
export function createCredential(clientId: string | undefined): TokenCredential {
  const credential = onFirstUse((): TokenCredential => {
    const { DefaultAzureCredential, ManagedIdentityCredential } = loadIdentity();
    return clientId === undefined ? new DefaultAzureCredential() : new ManagedIdentityCredential({ clientId });
  });
  return { getToken: (scopes, options) => credential().getToken(scopes, options) };
}

export function createComputeClientFactory(settings: AzureAdapterSettings, credential: TokenCredential): ClientFor {
  const clients = new Map<string, ComputeManagementClient>();
  return (subscriptionId) => {
    const key = subscriptionId.toLowerCase();
    const existing = clients.get(key);
    if (existing) return existing;
    const { ComputeManagementClient } = loadArmCompute();
    const client = new ComputeManagementClient(credential, subscriptionId, {
      endpoint: settings.armEndpoint,
      // Trusting an extra CA through client options keeps NODE_EXTRA_CA_CERTS (read only at process start) out of it.
      ...(settings.caPem === undefined ? {} : { tlsOptions: { ca: settings.caPem } }),
      additionalPolicies: [
        { policy: capRetryAfterPolicy(settings.maxRetryAfterSeconds), position: 'perRetry' },
        { policy: expandReplicationStatusPolicy(), position: 'perCall' },
        ...(settings.writes === undefined ? [] : [{ policy: writeEpochPolicy(settings.writes), position: 'perRetry' as const }]),
        // Last, so it sees each response before the Retry-After cap may turn it into an error.
        ...(settings.telemetry === undefined ? [] : [{ policy: armTelemetryPolicy(settings.telemetry), position: 'perRetry' as const }]),
      ],
    });
    clients.set(key, client);
    return client;
  };
}

/** The compute-backed adapters over one client factory: they share its clients, credential and Retry-After cap. */
export function createComputeAdapters(clientFor: ClientFor, defaultSubscriptionId: string): AzureAdapters {
  return {
    gallery: createGalleryAdapter(clientFor),
    compute: createComputeAdapter(clientFor, defaultSubscriptionId),
    usage: createUsageAdapter(clientFor),
    galleryLifecycle: createGalleryLifecycleAdapter(clientFor),
    gallerySharing: createGallerySharingAdapter(clientFor),
    definitionTags: createDefinitionTagsAdapter(clientFor),
    galleryInventory: createGalleryInventoryAdapter(clientFor),
    importSources: createImportSourceAdapter(clientFor),
  };
}

/** Builds a credential and the SDK clients from settings; the same path runs against Azure and the emulator. */
export function createAzureAdapters(settings: AzureAdapterSettings): AzureAdapters {
  return createComputeAdapters(createComputeClientFactory(settings, createCredential(settings.clientId)), settings.defaultSubscriptionId);
}
