/**
 * Everything the emulated ARM knows, as one JSON-serializable value: persisted as a whole, reloaded as a whole.
 * Keys are lower-cased resource IDs because ARM matches IDs case-insensitively; records keep the casing they were
 * created with, which is what ARM returns.
 */
import type { Json, JsonObject } from './json';

export type PowerState = 'starting' | 'running' | 'stopping' | 'stopped' | 'deallocating' | 'deallocated';

export interface BaseRecord {
  id: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  /** The ARM `properties` object as stored; computed fields are added when it is read. */
  properties: JsonObject;
}

export interface GalleryRecord extends BaseRecord {
  type: 'Microsoft.Compute/galleries';
}

export interface ImageRecord extends BaseRecord {
  type: 'Microsoft.Compute/galleries/images';
}

/** One target region's replication, positioned on the clock. */
export interface RegionReplication {
  region: string;
  startAt: number;
  endAt: number;
  failed: boolean;
}

export interface VersionRecord extends BaseRecord {
  type: 'Microsoft.Compute/galleries/images/versions';
  replication: RegionReplication[];
  /** Captured from a VM generalized through ARM without a guest deprovision first: VMs from it never finish booting. */
  unprepared?: boolean;
}

export interface VmRecord extends BaseRecord {
  type: 'Microsoft.Compute/virtualMachines';
  /** The top-level `identity` ARM returns (a system-assigned identity's principal is in `principals`). */
  identity?: JsonObject;
  power: PowerState;
  generalized: boolean;
  /** The guest ran a deprovision/sysprep script: it is ready to be generalized. */
  deprovisioned: boolean;
  /** Windows updates (KB numbers) the guest installed; absent = none yet (windowsUpdateGuest.ts). */
  installedUpdates?: string[];
  /** Installed updates that complete at the next boot: the guest reports a reboot pending until then. */
  rebootPendingUpdates?: string[];
  nicIds: string[];
  osDiskId: string;
}

export interface DiskRecord extends BaseRecord {
  type: 'Microsoft.Compute/disks';
}

/** A managed image (`Microsoft.Compute/images`): what a portal capture makes; a gallery version source. */
export interface ManagedImageRecord extends BaseRecord {
  type: 'Microsoft.Compute/images';
}

export interface SnapshotRecord extends BaseRecord {
  type: 'Microsoft.Compute/snapshots';
}

/** Only what a VHD version source needs: the account whose blob host (`<name>.blob.core.windows.net`) holds the VHD. */
export interface StorageAccountRecord extends BaseRecord {
  type: 'Microsoft.Storage/storageAccounts';
}

/** Read-only and seeded: only its existence and IDs are served (managedIdentities.ts). */
export interface UserAssignedIdentityRecord extends BaseRecord {
  type: 'Microsoft.ManagedIdentity/userAssignedIdentities';
}

export interface NicRecord extends BaseRecord {
  type: 'Microsoft.Network/networkInterfaces';
}

export interface RunCommandRecord extends BaseRecord {
  type: 'Microsoft.Compute/virtualMachines/runCommands';
  vmId: string;
  startAt: number;
  endAt: number;
  exitCode: number;
  output: string;
  error: string;
  /** Set once the completion effect (e.g. a deprovision stopping the VM) has been applied. */
  finished: boolean;
}

export interface ScaleSetRecord extends BaseRecord {
  type: 'Microsoft.Compute/virtualMachineScaleSets';
  sku: JsonObject;
}

export type ResourceRecord =
  | GalleryRecord
  | ImageRecord
  | VersionRecord
  | VmRecord
  | DiskRecord
  | ManagedImageRecord
  | SnapshotRecord
  | StorageAccountRecord
  | UserAssignedIdentityRecord
  | NicRecord
  | RunCommandRecord
  | ScaleSetRecord;

export type ResourceType = ResourceRecord['type'];

export interface SubscriptionRecord {
  subscriptionId: string;
  displayName: string;
}

export interface ResourceGroupRecord {
  id: string;
  name: string;
  location: string;
  tags: Record<string, string>;
}

export interface ArmErrorInfo {
  code: string;
  message: string;
}

/** What happens to the state when an operation's time comes (applied in time order by `settle`). */
export type Effect =
  | { kind: 'provisioned'; resourceId: string; state: 'Succeeded' | 'Failed' }
  | { kind: 'deleteResource'; resourceId: string }
  | { kind: 'vmPower'; vmId: string; power: PowerState }
  | { kind: 'runCommandFinished'; runCommandId: string }
  /** `value: null` removes the property. */
  | { kind: 'setProperty'; resourceId: string; property: string; value: Json };

export interface OperationRecord {
  id: string;
  subscriptionId: string;
  location: string;
  /** RBAC-ish name for logs, e.g. Microsoft.Compute/virtualMachines/deallocate/action */
  name: string;
  startAt: number;
  endAt: number;
  error?: ArmErrorInfo;
  /** The status code the `Location` (operationResults) URL answers once done: 200 for actions, 204 for deletes. */
  resultStatus: number;
  /** The body that answer carries, for actions that return one (e.g. a gallery sharing update). */
  result?: Json;
}

export interface TimerRecord {
  at: number;
  effect: Effect;
}

export interface PlatformImageRecord {
  location: string;
  publisher: string;
  offer: string;
  sku: string;
  version: string;
  osType: 'Linux' | 'Windows';
  hyperVGeneration: 'V1' | 'V2';
  architecture: 'x64' | 'Arm64';
  /** Pending updates of a Windows guest made from this image. */
  windowsUpdates?: WindowsUpdateRecord[];
}

export interface WindowsUpdateRecord {
  kb: string;
  title: string;
  categories: string[];
  rebootRequired: boolean;
  failsToInstall: boolean;
}

export interface RoleDefinitionRecord {
  /** The GUID. */
  name: string;
  roleName: string;
  description: string;
  roleType: 'BuiltInRole' | 'CustomRole';
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
  assignableScopes: string[];
}

export interface RoleAssignmentRecord {
  id: string;
  name: string;
  scope: string;
  roleDefinitionId: string;
  principalId: string;
  principalType: string;
  description?: string;
  condition?: string;
  createdOn: string;
}

export interface RunCommandFailureRule {
  vmNamePrefix?: string;
  runCommandName?: string;
  scriptContains?: string;
  exitCode: number;
  output: string;
}

/** A directory principal (user, group, service principal, managed identity) as far as role assignments need one. */
export interface PrincipalRecord {
  id: string;
  type: string;
  /** Clock time it was created or first seen; the directory has replicated it `principalReplicationSeconds` later. */
  createdAt: number;
}

/** A blob a run command wrote to its `outputBlobUri` / `errorBlobUri`, keyed by the URI without its query (SAS). */
export interface BlobRecord {
  uri: string;
  content: string;
  contentType: string;
  lastModified: string;
}

export interface ArmState {
  schema: 1;
  subscriptions: Record<string, SubscriptionRecord>;
  resourceGroups: Record<string, ResourceGroupRecord>;
  resources: Record<string, ResourceRecord>;
  operations: Record<string, OperationRecord>;
  timers: TimerRecord[];
  platformImages: PlatformImageRecord[];
  /** Custom role definitions only; built-ins are constants. Keyed by lower-cased GUID. */
  roleDefinitions: Record<string, RoleDefinitionRecord>;
  roleAssignments: Record<string, RoleAssignmentRecord>;
  runCommandFailures: RunCommandFailureRule[];
  blobs: Record<string, BlobRecord>;
  /** Keyed by lower-cased object ID. */
  principals: Record<string, PrincipalRecord>;
}

export function emptyState(): ArmState {
  return {
    schema: 1,
    subscriptions: {},
    resourceGroups: {},
    resources: {},
    operations: {},
    timers: [],
    platformImages: [],
    roleDefinitions: {},
    roleAssignments: {},
    runCommandFailures: [],
    blobs: {},
    principals: {},
  };
}

export const key = (id: string) => id.toLowerCase();

export function isStateEmpty(state: ArmState): boolean {
  return Object.keys(state.subscriptions).length === 0 && Object.keys(state.resources).length === 0;
}
