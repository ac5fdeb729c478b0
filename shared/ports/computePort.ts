import type { BuildVmSecurity } from '../domain/buildVm';
import type { OsState, OsType } from '../domain/catalog';
import type { ImageReferenceFacts } from '../domain/provenance';

export type ImageSource =
  | { type: 'marketplace'; publisher: string; offer: string; sku: string; version: string }
  | { type: 'gallery'; imageId: string };

export interface BuildVmSpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  vmSize: string;
  subnetId: string;
  osType: OsType;
  image: ImageSource;
  tags: Record<string, string>;
  /** GiB; absent = the image's size. */
  osDiskSizeGb?: number;
  /** A user-assigned identity resource ID attached to the VM. */
  identity?: string;
  /** Absent or null: a standard VM. */
  security?: BuildVmSecurity | null;
}

/** `running`, `stopped`, `deallocated`, … from the `PowerState/x` status; `unknown` when none is reported. */
export type PowerState = 'starting' | 'running' | 'stopping' | 'stopped' | 'deallocating' | 'deallocated' | 'unknown';

export interface VmView {
  id: string;
  name: string;
  location: string;
  provisioningState: string;
  powerState: PowerState;
  osType: OsType | null;
  /** `Generalized` once ARM generalize succeeded (instance view `OSState/generalized`). */
  osState: OsState | null;
  tags: Record<string, string>;
  /** `storageProfile.imageReference`: what the VM was created from, when ARM reports it. */
  imageReference?: VmImageReference;
}

/** The fields of ARM's image reference that name an image; `exactVersion` is ARM's resolution of `latest`. */
export type VmImageReference = ImageReferenceFacts;

export interface RunCommandSpec {
  location: string;
  script: string[];
  timeoutSeconds: number;
  /** true: ARM accepts the command and returns; the guest's result is read later. */
  asyncExecution: boolean;
  /**
   * Append blobs the guest agent writes the full stdout / stderr to, as the VM's user-assigned identity with this
   * client ID (it needs Storage Blob Data Contributor on the container). Absent: only the instance view's tail.
   */
  outputBlobs?: { outputBlobUri: string; errorBlobUri: string; clientId: string };
}

export type RunCommandExecutionState = 'Unknown' | 'Pending' | 'Running' | 'Failed' | 'Succeeded' | 'TimedOut' | 'Canceled';

export interface RunCommandView {
  name: string;
  provisioningState: string;
  executionState: RunCommandExecutionState;
  exitCode: number | null;
  output: string;
  error: string;
}

export interface ComputePort {
  /** Create only: a VM of that name that exists already is left as it is and the call fails with CONFLICT. */
  startCreateVm(spec: BuildVmSpec): Promise<void>;
  /** With the instance view (power state, OS state). */
  getVm(vmId: string): Promise<VmView>;
  /** VMs of a resource group with their instance views, one paged list. */
  listVms(subscriptionId: string, resourceGroup: string): Promise<VmView[]>;
  startRunCommand(vmId: string, name: string, spec: RunCommandSpec): Promise<void>;
  getRunCommand(vmId: string, name: string): Promise<RunCommandView>;
  startDeallocateVm(vmId: string): Promise<void>;
  /** Starts a reboot; the VM reports `starting` until it runs again. */
  startRestartVm(vmId: string): Promise<void>;
  generalizeVm(vmId: string): Promise<void>;
  startDeleteVm(vmId: string): Promise<void>;
  /** Platform image versions of publisher/offer/sku in a region (names only). */
  listPlatformImageVersions(location: string, publisher: string, offer: string, sku: string): Promise<string[]>;
}
