/** The build VM and the source VM of a capture: reads, power actions, run commands, the sweeper and the capture plan. */
import type { CaptureDecision } from '../../shared/domain/captureEligibility';
import type { BuildVmSpec, RunCommandSpec, RunCommandView, VmView } from '../../shared/ports/computePort';
import type { ImageDefinitionView } from '../../shared/ports/galleryPort';
import { activity } from '../durable/descriptors';

export type { VmView } from '../../shared/ports/computePort';

export interface VmRefInput {
  vmId: string;
}

/**
 * `baseImageTag`: the `autopilot-base-image` value for a version captured from this VM (exactImageOrigin, hashed when
 * longer than a tag value may be); absent when its origin is not exactly known.
 */
export type ReadVmOutput = { exists: false } | { exists: true; vm: VmView; baseImageTag?: string };

export interface SweepInput {
  subscriptionId: string;
  resourceGroup: string;
  /** The calling build's own VM: never deleted, and returned as `own` when the list shows it. */
  ownVmId?: string;
}

export interface SweepOutput {
  deleted: string[];
  kept: string[];
  /** The VM `ownVmId` names as the list shows it (no power state: a list has no instance view); absent when unlisted. */
  own?: VmView;
}

export interface StartRunCommandInput {
  vmId: string;
  name: string;
  spec: RunCommandSpec;
}

export interface RunCommandRefInput {
  vmId: string;
  name: string;
}

export interface GeneralizeVmInput extends VmRefInput {
  /** true: a VM ARM will not generalize yet (still deallocating) answers `notOff` instead of failing the call. */
  whenOff?: boolean;
}

/** `null` in histories recorded before generalize answered; those calls always generalized or threw. */
export type GeneralizeVmOutput = { status: 'generalized' | 'notOff' } | null;

export interface DeleteVmOutput {
  status: 'deleting' | 'alreadyGone';
}

export interface PlanCaptureInput {
  vmId: string;
  vm: VmView | null;
  /** Only the OS facts: the gallery's definition or, before one exists, the catalog's (they must agree). */
  definition: Pick<ImageDefinitionView, 'osType' | 'osState'>;
  image: string;
  captureScopes: string[];
  /** The gallery's region: ARM creates a version only from a source VM there. */
  galleryLocation?: string;
}

/** The domain's capture decision (shared/domain/captureEligibility.ts), recorded in history. */
export type PlanCaptureOutput = CaptureDecision;

export interface ReadUserAssignedIdentityInput {
  identityId: string;
}

export interface ReadUserAssignedIdentityOutput {
  exists: boolean;
  /** Absent in histories recorded before it was read: such a build keeps inline tails only. */
  clientId?: string;
}

export const readVm = activity<VmRefInput, ReadVmOutput>('readVm');
export const readUserAssignedIdentity = activity<ReadUserAssignedIdentityInput, ReadUserAssignedIdentityOutput>('readUserAssignedIdentity');
export const readRunCommand = activity<RunCommandRefInput, RunCommandView>('readRunCommand');
export const sweepBuildVms = activity<SweepInput, SweepOutput>('sweepBuildVms');
export const createBuildVm = activity<BuildVmSpec, VmRefInput>('createBuildVm');
export const startRunCommand = activity<StartRunCommandInput, null>('startRunCommand');
export const deallocateVm = activity<VmRefInput, null>('deallocateVm');
export const restartVm = activity<VmRefInput, null>('restartVm');
export const generalizeVm = activity<GeneralizeVmInput, GeneralizeVmOutput>('generalizeVm');
export const deleteVm = activity<VmRefInput, DeleteVmOutput>('deleteVm');
export const planCapture = activity<PlanCaptureInput, PlanCaptureOutput>('planCapture');
