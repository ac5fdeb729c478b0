/**
 * The seed document: a hand-writable description of an Azure estate. Everything but names has a default, so the
 * smallest useful seed is `{ "galleries": [{ "resourceGroup": "rg", "name": "g" }] }`.
 */
import { z } from 'zod';

const tags = z.record(z.string(), z.string().max(256)).default({});
const subscriptionId = z.string().min(1).optional();
const location = z.string().min(1).optional();
const isoDate = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date-time');
const replicationState = z.enum(['Completed', 'InProgress', 'Failed']);

const platformReference = z.object({ publisher: z.string().min(1), offer: z.string().min(1), sku: z.string().min(1), version: z.string().min(1).default('latest') }).strict();
const idReference = z.object({ id: z.string().regex(/^\/subscriptions\//i, 'must be a resource ID') }).strict();
const imageReference = z.union([idReference, platformReference]);

const targetRegion = z.union([
  z.string().min(1),
  z.object({
    name: z.string().min(1),
    regionalReplicaCount: z.number().int().min(1).max(100).optional(),
    storageAccountType: z.enum(['Standard_LRS', 'Standard_ZRS', 'Premium_LRS', 'PremiumV2_LRS']).optional(),
    excludeFromLatest: z.boolean().optional(),
  }).strict(),
]);

const versionSeed = z.object({
  name: z.string().regex(/^\d{1,10}\.\d{1,10}\.\d{1,10}$/, 'must be Major.Minor.Patch'),
  /** Published this many days before the clock's now (default 0); or give `publishedDate`. */
  ageDays: z.number().min(0).optional(),
  publishedDate: isoDate.optional(),
  tags,
  /** Defaults to the gallery's region. Must include it. */
  targetRegions: z.array(targetRegion).optional(),
  excludeFromLatest: z.boolean().default(false),
  endOfLifeDate: isoDate.optional(),
  replicaCount: z.number().int().min(1).max(100).default(1),
  storageAccountType: z.enum(['Standard_LRS', 'Standard_ZRS', 'Premium_LRS', 'PremiumV2_LRS']).default('Standard_LRS'),
  /** One state for every region, or a state per region (regions not named are Completed). */
  replication: z.union([replicationState, z.record(z.string(), replicationState)]).default('Completed'),
  blockDeletionBeforeEndOfLife: z.boolean().default(false),
  /** A source VM ID to record; defaults to a VM ID in the gallery's resource group that no longer exists. */
  sourceVmId: z.string().optional(),
}).strict().refine((v) => v.ageDays === undefined || v.publishedDate === undefined, { message: 'give either ageDays or publishedDate, not both' });

const imageSeed = z.object({
  name: z.string().min(1),
  osType: z.enum(['Linux', 'Windows']).default('Linux'),
  osState: z.enum(['Generalized', 'Specialized']).default('Generalized'),
  publisher: z.string().min(1).default('ImageAutopilot'),
  /** Defaults to the image name. */
  offer: z.string().min(1).optional(),
  sku: z.string().min(1).default('default'),
  hyperVGeneration: z.enum(['V1', 'V2']).default('V2'),
  architecture: z.enum(['x64', 'Arm64']).default('x64'),
  securityType: z.string().optional(),
  description: z.string().optional(),
  endOfLifeDate: isoDate.optional(),
  tags,
  versions: z.array(versionSeed).default([]),
}).strict();

const gallerySeed = z.object({
  subscriptionId,
  resourceGroup: z.string().min(1),
  name: z.string().min(1),
  location,
  description: z.string().optional(),
  sharing: z.enum(['Private', 'Groups', 'Community']).optional(),
  tags,
  images: z.array(imageSeed).default([]),
}).strict();

const vmSeed = z.object({
  subscriptionId,
  resourceGroup: z.string().min(1),
  name: z.string().min(1),
  location,
  tags,
  imageReference: imageReference.default({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' }),
  osType: z.enum(['Linux', 'Windows']).default('Linux'),
  vmSize: z.string().default('Standard_D2s_v5'),
  powerState: z.enum(['running', 'stopped', 'deallocated']).default('running'),
  osState: z.enum(['specialized', 'generalized']).default('specialized'),
  /** The guest already ran a deprovision/sysprep script. */
  deprovisioned: z.boolean().default(false),
  nicDeleteOption: z.enum(['Delete', 'Detach']).default('Delete'),
  osDiskDeleteOption: z.enum(['Delete', 'Detach']).default('Delete'),
}).strict();

/** A managed image (what "Capture" in the portal makes): an import source for a gallery version. */
const managedImageSeed = z.object({
  subscriptionId,
  resourceGroup: z.string().min(1),
  name: z.string().min(1),
  location,
  tags,
  osType: z.enum(['Linux', 'Windows']).default('Linux'),
  osState: z.enum(['Generalized', 'Specialized']).default('Generalized'),
  hyperVGeneration: z.enum(['V1', 'V2']).default('V2'),
  /** The VM it was captured from (recorded only). */
  sourceVmId: z.string().optional(),
}).strict();

/** A snapshot or an unattached managed disk holding an OS: an import source (`osDiskImage.source.id`). */
const diskSourceSeed = z.object({
  subscriptionId,
  resourceGroup: z.string().min(1),
  name: z.string().min(1),
  location,
  tags,
  osType: z.enum(['Linux', 'Windows']).default('Linux'),
  hyperVGeneration: z.enum(['V1', 'V2']).default('V2'),
  architecture: z.enum(['x64', 'Arm64']).default('x64'),
}).strict();

/** A storage account and the VHD blobs in it (`<container>/<blob>.vhd`), served at `https://<name>.blob.core.windows.net/…`. */
const storageAccountSeed = z.object({
  subscriptionId,
  resourceGroup: z.string().min(1),
  name: z.string().regex(/^[a-z0-9]{3,24}$/, 'must be 3 to 24 lower-case letters and digits'),
  location,
  tags,
  vhds: z.array(z.string().regex(/^[^/]+\/.+$/, 'must be <container>/<blob path>')).default([]),
}).strict();

/** A user-assigned managed identity a VM may be given (only GET is served). */
const userAssignedIdentitySeed = z.object({
  subscriptionId,
  resourceGroup: z.string().min(1),
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/, 'must be 3 to 128 letters, digits, hyphens and underscores'),
  location,
  tags,
}).strict();

const scaleSetSeed = z.object({
  subscriptionId,
  resourceGroup: z.string().min(1),
  name: z.string().min(1),
  location,
  tags,
  imageReference,
  capacity: z.number().int().min(0).default(2),
  vmSize: z.string().default('Standard_D2s_v5'),
}).strict();

const roleDefinitionSeed = z.object({
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID'),
  roleName: z.string().min(1),
  description: z.string().default(''),
  actions: z.array(z.string()).default([]),
  notActions: z.array(z.string()).default([]),
  dataActions: z.array(z.string()).default([]),
  notDataActions: z.array(z.string()).default([]),
  /** Defaults to the default subscription. */
  assignableScopes: z.array(z.string().min(1)).optional(),
}).strict();

const roleAssignmentSeed = z.object({
  /** GUID; generated from scope + role + principal when omitted. */
  name: z.string().optional(),
  scope: z.string().min(1),
  /** A role definition GUID or ID, or give `roleName` (built-in or seeded). */
  roleDefinitionId: z.string().optional(),
  roleName: z.string().optional(),
  principalId: z.string().min(1),
  principalType: z.enum(['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device']).default('ServicePrincipal'),
  description: z.string().optional(),
}).strict().refine((a) => (a.roleDefinitionId === undefined) !== (a.roleName === undefined), { message: 'give exactly one of roleDefinitionId or roleName' });

const principalSeed = z.object({
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID'),
  type: z.enum(['User', 'Group', 'ServicePrincipal', 'ForeignGroup', 'Device']).default('ServicePrincipal'),
  /** Created this long before the clock's now; 0 = just created, not yet replicated. Default: a day (replicated). */
  ageSeconds: z.number().min(0).default(86_400),
}).strict();

/** An update a Windows guest made from the platform image has pending (docs/emulator.md, "Windows updates"). */
export const windowsUpdateSeed = z.object({
  kb: z.string().regex(/^KB\d+$/i, 'must be KB followed by digits, e.g. KB5031364'),
  title: z.string().min(1),
  categories: z.array(z.string().min(1)).default([]),
  /** Installing it leaves a reboot pending; it completes when the VM next starts or restarts. */
  rebootRequired: z.boolean().default(false),
  /** Every install attempt fails (result code 4): the update never clears. */
  failsToInstall: z.boolean().default(false),
}).strict();

const platformImageSeed = z.object({
  location,
  publisher: z.string().min(1),
  offer: z.string().min(1),
  sku: z.string().min(1),
  versions: z.array(z.string().regex(/^\d+\.\d+\.\d+$/, 'must be Major.Minor.Patch')).min(1),
  osType: z.enum(['Linux', 'Windows']).default('Linux'),
  hyperVGeneration: z.enum(['V1', 'V2']).default('V2'),
  architecture: z.enum(['x64', 'Arm64']).default('x64'),
  windowsUpdates: z.array(windowsUpdateSeed).optional(),
}).strict();

export const runCommandFailureSchema = z.object({
  vmNamePrefix: z.string().optional(),
  runCommandName: z.string().optional(),
  scriptContains: z.string().optional(),
  exitCode: z.number().int(),
  output: z.string().default(''),
}).strict();

export const seedSchema = z.object({
  defaults: z.object({
    subscriptionId: z.string().min(1).default('00000000-0000-0000-0000-000000000000'),
    location: z.string().min(1).default('westeurope'),
  }).strict().default({ subscriptionId: '00000000-0000-0000-0000-000000000000', location: 'westeurope' }),
  subscriptions: z.array(z.object({ id: z.string().min(1), displayName: z.string().optional() }).strict()).default([]),
  resourceGroups: z.array(z.object({ subscriptionId, name: z.string().min(1), location, tags }).strict()).default([]),
  galleries: z.array(gallerySeed).default([]),
  virtualMachines: z.array(vmSeed).default([]),
  scaleSets: z.array(scaleSetSeed).default([]),
  managedImages: z.array(managedImageSeed).default([]),
  snapshots: z.array(diskSourceSeed).default([]),
  /** Unattached OS disks (VMs' own disks are created with them). */
  disks: z.array(diskSourceSeed).default([]),
  storageAccounts: z.array(storageAccountSeed).default([]),
  userAssignedIdentities: z.array(userAssignedIdentitySeed).default([]),
  roleDefinitions: z.array(roleDefinitionSeed).default([]),
  roleAssignments: z.array(roleAssignmentSeed).default([]),
  /** Directory principals; those of `roleAssignments` are added as long replicated. */
  principals: z.array(principalSeed).default([]),
  platformImages: z.array(platformImageSeed).default([]),
  /** Adds a few Ubuntu and Windows Server images in common regions (see docs/emulator.md). */
  defaultPlatformImages: z.boolean().default(true),
  runCommandFailures: z.array(runCommandFailureSchema).default([]),
}).strict();

/** What a seed file holds (defaults optional). */
export type SeedDocument = z.input<typeof seedSchema>;
export type ParsedSeed = z.output<typeof seedSchema>;
