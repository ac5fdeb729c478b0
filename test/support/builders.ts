/** Builders for the catalog, settings and port views the pipeline tests use; override only what a test is about. */
import type { AppConfig } from '../../shared/config/loadConfig';
import type { Catalog, ImageSpec } from '../../shared/domain/catalog';
import type { VmView } from '../../shared/ports/computePort';
import type { ImageDefinitionView, ImageVersionView } from '../../shared/ports/galleryPort';

export const SUBSCRIPTION = '00000000-0000-4000-8000-000000000001';
export const GALLERY_RG = 'rg-images';
export const STAGING_RG = 'rg-staging';
export const GALLERY = 'gal_autopilot';
export const LOCATION = 'westeurope';
export const SUBNET_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-build/subnets/build`;
export const CAPTURE_RG = 'rg-capture';

export function vmIdOf(name: string, resourceGroup = CAPTURE_RG, subscription = SUBSCRIPTION): string {
  return `/subscriptions/${subscription}/resourceGroups/${resourceGroup}/providers/Microsoft.Compute/virtualMachines/${name}`;
}

export function anImage(overrides: Partial<ImageSpec> = {}): ImageSpec {
  return {
    name: 'ubuntu-web',
    definition: {
      publisher: 'contoso',
      offer: 'ubuntu-web',
      sku: '22_04',
      osType: 'Linux',
      osState: 'Generalized',
      hyperVGeneration: 'V2',
      architecture: 'x64',
      securityType: 'TrustedLaunchSupported',
    },
    baseImage: { type: 'marketplace', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: 'latest' },
    customization: [
      { name: 'install-nginx', type: 'shell', inline: ['apt-get update', 'apt-get install -y nginx'], timeoutSeconds: 600 },
      { name: 'harden-ssh', type: 'shell', inline: ['sed -i s/^PermitRootLogin.*/PermitRootLogin no/ /etc/ssh/sshd_config'], timeoutSeconds: 300 },
    ],
    versioning: { scheme: 'semver', major: 1 },
    targetRegions: [
      { name: LOCATION, replicas: 1, storageAccountType: 'Standard_LRS' },
      { name: 'northeurope', replicas: 1, storageAccountType: 'Standard_LRS' },
      { name: 'eastus', replicas: 1, storageAccountType: 'Standard_LRS' },
    ],
    rebuild: { onBaseImageChange: true, onRecipeChange: true, maxAgeDays: 30, pauseAfterFailures: 3 },
    retention: {
      keepLatest: 3,
      minAgeDays: 7,
      maxAgeDays: null,
      deprecateBeforeDeleteDays: 14,
      maxDeletionsPerRun: 5,
      maxDeleteShare: 0.5,
      protectTag: 'autopilot-retain',
      mode: 'dryRun',
    },
    tags: { owner: 'platform' },
    ...overrides,
  };
}

/** An image with its own definition identity (publisher/offer/sku are unique per gallery). */
export function anImageNamed(name: string, overrides: Partial<ImageSpec> = {}): ImageSpec {
  const base = anImage();
  return anImage({ name, definition: { ...base.definition, offer: name }, ...overrides });
}

export function aCatalog(overrides: Partial<Catalog> = {}): Catalog {
  return {
    gallery: { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, name: GALLERY, location: LOCATION, allowPruneWhenShared: false, sharing: { readers: [] } },
    staging: { resourceGroup: STAGING_RG, subnetId: SUBNET_ID, vmSize: 'Standard_D2s_v5' },
    scopes: { capture: [`/subscriptions/${SUBSCRIPTION}/resourceGroups/${CAPTURE_RG}`], usage: [`/subscriptions/${SUBSCRIPTION}`] },
    images: [anImage()],
    policy: {
      naming: { gallery: 'gal_[a-z0-9]+(?:_[a-z0-9]+)*', imageDefinition: '[a-z][a-z0-9]*(?:-[a-z0-9]+)*', version: '[0-9]+\\.[0-9]+\\.[0-9]+' },
      leastPrivilege: { allowedPrincipals: [], maxSubscriptionOwners: 3, maxDirectUserAssignments: 5 },
      sharing: { allow: { subscriptions: [], tenants: [], community: false } },
      enforce: 'report',
    },
    ...overrides,
  };
}

export function anAppConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    catalogPath: '/dev/null',
    armEndpoint: 'https://management.azure.com',
    taskHubName: 'autopilot',
    rebuildSchedule: '0 0 3 * * *',
    pruneSchedule: '0 0 4 * * *',
    policyScanSchedule: '0 0 5 * * *',
    maxConcurrentBuilds: 2,
    armPollMinSeconds: 15,
    armPollMaxSeconds: 300,
    armMaxRetryAfterSeconds: 30,
    authMode: 'entra',
    platformAuthEnabled: false,
    runStore: { table: 'autopilotruns', historyDays: 90, location: { kind: 'connectionString', connectionString: 'UseDevelopmentStorage=true' } },
    ...overrides,
  };
}

export function aVm(overrides: Partial<VmView> = {}): VmView {
  const name = overrides.name ?? 'vm-golden';
  return {
    id: vmIdOf(name),
    name,
    location: LOCATION,
    provisioningState: 'Succeeded',
    powerState: 'stopped',
    osType: 'Linux',
    osState: 'Generalized',
    tags: { 'autopilot-capture-to': 'ubuntu-web' },
    ...overrides,
  };
}

export function aDefinition(overrides: Partial<ImageDefinitionView> = {}): ImageDefinitionView {
  const name = overrides.name ?? 'ubuntu-web';
  return {
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${name}`,
    name,
    location: LOCATION,
    osType: 'Linux',
    osState: 'Generalized',
    provisioningState: 'Succeeded',
    tags: {},
    ...overrides,
  };
}

export function aVersion(overrides: Partial<ImageVersionView> = {}): ImageVersionView {
  const name = overrides.name ?? '1.0.0';
  return {
    id: `${aDefinition().id}/versions/${name}`,
    name,
    location: LOCATION,
    provisioningState: 'Succeeded',
    publishedDate: '2026-01-01T00:00:00.000Z',
    excludeFromLatest: false,
    endOfLifeDate: null,
    blockDeletionBeforeEndOfLife: false,
    tags: {},
    targetRegions: [{ name: LOCATION, replicas: 1, storageAccountType: 'Standard_LRS' }],
    replication: { state: 'Completed', regions: [{ region: LOCATION, state: 'Completed' }] },
    ...overrides,
  };
}

/**
 * A seeded VM ready to be captured into `image` (stopped, generalized and deprovisioned, in the capture scope); the
 * shape of the emulator's seed `virtualMachines[]` entries. Override only what a test is about.
 */
export function aCapturableVmSeed(name: string, image: string, overrides: Record<string, unknown> = {}) {
  return {
    resourceGroup: CAPTURE_RG,
    name,
    tags: { 'autopilot-capture-to': image },
    powerState: 'stopped' as const,
    osState: 'generalized' as const,
    deprovisioned: true,
    ...overrides,
  };
}
