import type { ManagedServiceIdentityClient } from '@azure/arm-msi';
import type { TokenCredential } from '@azure/identity';
import type { IdentityPort } from '../../ports/identityPort';
import { PortError } from '../../ports/portError';
import { parseResourceId } from '../../ports/resourceId';
import { loadArmMsi } from './azureSdk';
import { armCall } from './toPortError';

export interface IdentityAdapterSettings {
  /** e.g. https://management.azure.com, or the emulated ARM offline. */
  armEndpoint: string;
  /** Extra CA to trust for ARM (PEM), offline only. */
  caPem: string | undefined;
}

/** One client per subscription, made on first use: only builds with `build.identity` read identities. */
export function createIdentityAdapter(settings: IdentityAdapterSettings, credential: TokenCredential): IdentityPort {
  const clients = new Map<string, ManagedServiceIdentityClient>();
  const clientFor = (subscriptionId: string): ManagedServiceIdentityClient => {
    const key = subscriptionId.toLowerCase();
    const existing = clients.get(key);
    if (existing) return existing;
    const client = new (loadArmMsi().ManagedServiceIdentityClient)(credential, subscriptionId, {
      endpoint: settings.armEndpoint,
      ...(settings.caPem === undefined ? {} : { tlsOptions: { ca: settings.caPem } }),
    });
    clients.set(key, client);
    return client;
  };
  return {
    readUserAssignedIdentity: async (identityId) => {
      const id = parseResourceId(identityId);
      try {
        const found = await armCall(`get user-assigned identity ${identityId}`, () => clientFor(id.subscriptionId).userAssignedIdentities.get(id.resourceGroup, id.name));
        return { clientId: found.clientId };
      } catch (error) {
        if (error instanceof PortError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },
  };
}
