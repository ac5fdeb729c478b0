/**
 * Shared setup for the ARM contract tests: an emulator per test file, real SDK clients pointed at it (endpoint + CA
 * trust + managed identity through the emulator's token endpoint), and builders for request bodies.
 */
import { ComputeManagementClient, type Gallery, type GalleryImage, type GalleryImageVersion, type VirtualMachine } from '@azure/arm-compute';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ManagedIdentityCredential } from '@azure/identity';
import { getClient, type Client } from '@azure-rest/core-client';
import { startArmEmulator, type ArmEmulator, type ArmEmulatorOptions } from '../../src/arm/index';

export const SUB = '00000000-0000-0000-0000-000000000000';
export const LOCATION = 'westeurope';
export const FAST_POLL = { updateIntervalInMs: 5 };
export const SUBNET_ID = `/subscriptions/${SUB}/resourceGroups/network/providers/Microsoft.Network/virtualNetworks/vnet/subnets/build`;

export interface ArmTestContext {
  emulator: ArmEmulator;
  compute: ComputeManagementClient;
  authorization: AuthorizationManagementClient;
  /** The generic ARM REST client of the SDK core, for resource types without an installed SDK and for raw requests. */
  rest: Client;
}

/** A compute client for the emulator; `maxRetries: 0` shows the first answer instead of the SDK's retries. */
export function computeClient(emulator: ArmEmulator, options: { maxRetries?: number } = {}): ComputeManagementClient {
  return new ComputeManagementClient(new ManagedIdentityCredential(), SUB, {
    endpoint: emulator.url,
    tlsOptions: { ca: emulator.caPem },
    ...(options.maxRetries !== undefined ? { retryOptions: { maxRetries: options.maxRetries } } : {}),
  });
}

export async function startForTest(options: ArmEmulatorOptions = {}): Promise<ArmTestContext> {
  const emulator = await startArmEmulator(options);
  // The app's own credential path: App Service managed identity via IDENTITY_ENDPOINT / IDENTITY_HEADER.
  process.env.IDENTITY_ENDPOINT = emulator.identityEndpoint;
  process.env.IDENTITY_HEADER = emulator.identityHeader;
  const credential = new ManagedIdentityCredential();
  const tlsOptions = { ca: emulator.caPem };
  return {
    emulator,
    compute: computeClient(emulator),
    authorization: new AuthorizationManagementClient(credential, SUB, { endpoint: emulator.url, tlsOptions }),
    rest: getClient(emulator.url, credential, { tlsOptions, credentials: { scopes: ['https://management.azure.com/.default'] } }),
  };
}

/** Starts an LRO, lets the clock run past its duration, and waits for the SDK poller to finish. */
export async function completeOnClock<T>(poller: PromiseLike<T> & { submitted(): Promise<void> }, emulator: ArmEmulator, seconds: number): Promise<T> {
  await poller.submitted();
  emulator.clock.advance(seconds);
  return await poller;
}

/** Galleries and definitions are created as LROs (`Creating` for `provisioningSeconds`, 30 by default). */
export async function createGallery(t: ArmTestContext, resourceGroup: string, name: string, body: Gallery = galleryBody(), seconds = 30): Promise<Gallery> {
  return await completeOnClock(t.compute.galleries.createOrUpdate(resourceGroup, name, body, FAST_POLL), t.emulator, seconds);
}

export async function createImage(t: ArmTestContext, resourceGroup: string, gallery: string, name: string, body: GalleryImage = imageBody(), seconds = 30): Promise<GalleryImage> {
  return await completeOnClock(t.compute.galleryImages.createOrUpdate(resourceGroup, gallery, name, body, FAST_POLL), t.emulator, seconds);
}

export function uniqueName(prefix: string): string {
  return `${prefix}${Math.random().toString(36).slice(2, 8)}`;
}

export function galleryBody(location = LOCATION) {
  return { location, description: 'contract test gallery' };
}

export function imageBody(overrides: { osState?: 'Generalized' | 'Specialized'; sku?: string; location?: string } = {}): GalleryImage {
  return {
    location: overrides.location ?? LOCATION,
    osType: 'Linux',
    osState: overrides.osState ?? 'Generalized',
    hyperVGeneration: 'V2',
    identifier: { publisher: 'ImageAutopilot', offer: 'contract', sku: overrides.sku ?? uniqueName('sku') },
  };
}

export function versionFromVmBody(vmId: string, regions: string[] = [LOCATION], extra: { excludeFromLatest?: boolean; endOfLifeDate?: Date } = {}): GalleryImageVersion {
  return {
    location: LOCATION,
    tags: { 'autopilot-build': 'abcd1234' },
    publishingProfile: {
      targetRegions: regions.map((name) => ({ name, regionalReplicaCount: 1, storageAccountType: 'Standard_LRS' })),
      ...(extra.excludeFromLatest !== undefined ? { excludeFromLatest: extra.excludeFromLatest } : {}),
      ...(extra.endOfLifeDate ? { endOfLifeDate: extra.endOfLifeDate } : {}),
    },
    storageProfile: { source: { virtualMachineId: vmId } },
  };
}

export function vmBody(name: string, image: { id: string } | { publisher: string; offer: string; sku: string; version: string } = { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' }): VirtualMachine {
  return {
    location: LOCATION,
    tags: { 'autopilot-build': 'abcd1234' },
    hardwareProfile: { vmSize: 'Standard_D2s_v5' },
    storageProfile: { imageReference: image, osDisk: { createOption: 'FromImage', deleteOption: 'Delete', managedDisk: { storageAccountType: 'Premium_LRS' } } },
    osProfile: { computerName: name, adminUsername: 'azureuser', adminPassword: 'N0t-a-real-secret!' },
    networkProfile: {
      networkApiVersion: '2022-11-01',
      networkInterfaceConfigurations: [{ name: 'nic', primary: true, deleteOption: 'Delete', ipConfigurations: [{ name: 'ipconfig', subnet: { id: SUBNET_ID } }] }],
    },
  };
}
