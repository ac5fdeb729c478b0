import type { StepLogTarget } from '../../shared/domain/stepLogs';
/**
 * The validation gate of a build (docs/publishing.md#the-validation-gate): `validateRegion` boots one test VM from
 * the new version in one region and runs the catalog's validation steps on it; `tagImageVersion` records the
 * verdict on the version. Durable names are persisted in history: add, never rename.
 */
import type { CustomizationStep, OsType } from '../../shared/domain/catalog';
import type { PollingSettings } from '../../shared/domain/polling';
import type { StepTails } from '../../shared/domain/outputTail';
import type { BuildVmSecurity } from '../../shared/domain/buildVm';
import type { ImageDefinitionRef } from '../../shared/ports/galleryPort';
import { activity, orchestrator } from '../durable/descriptors';

export interface ValidateRegionInput {
  /** The gallery image version's ARM ID: the test VM boots from exactly this version. */
  versionId: string;
  region: string;
  subscriptionId: string;
  resourceGroup: string;
  subnetId: string;
  vmSize: string;
  osType: OsType;
  /**
   * The test VM's security profile, as the build VM's: ARM boots a TrustedLaunch or ConfidentialVM definition's
   * version only on such a VM. Absent in inputs recorded before it existed (a standard test VM, as then).
   */
  security?: BuildVmSecurity | null;
  /** The test VM's name (deterministic, from the build ID). */
  vmName: string;
  /** The build's own tags (`autopilot-build`, `autopilot-instance` of the build run) so the sweeper treats it as the build's VM. */
  tags: Record<string, string>;
  steps: CustomizationStep[];
  timeoutMinutes: number;
  polling: PollingSettings;
  /** The image's build.identity, attached to the test VM so it can write the steps' log blobs as the build VM does. */
  identity?: string;
  /** Where the steps' full output goes (docs/logs.md); absent in inputs recorded before it existed. */
  logTarget?: StepLogTarget;
}

/** One region's verdict; `step` and `message` only when it failed (`step` null: the VM never got to run one). */
export interface RegionVerdict {
  region: string;
  passed: boolean;
  step?: string | null;
  message?: string;
  /** Each validation step's exit code and output tails, in order, the failing one included. */
  steps: StepTails[];
}

export interface TagImageVersionInput {
  ref: ImageDefinitionRef;
  version: string;
  /** Merged over the version's current tags. */
  tags: Record<string, string>;
}

export const validateRegion = orchestrator<ValidateRegionInput, RegionVerdict>('validateRegion');
export const tagImageVersion = activity<TagImageVersionInput, null>('tagImageVersion');

/** The Durable external event POST /api/runs/{runId}/approve and /reject raise on a run awaiting approval. */
export const APPROVAL_EVENT = 'approval';
/** The progress step of a run waiting for that event: the routes answer 409 RUN_NOT_WAITING on any other. */
export const AWAITING_APPROVAL_STEP = 'awaiting-approval';

export interface ApprovalDecision {
  decision: 'approve' | 'reject';
  comment?: string;
  /** Who decided, when the route knows (the caller's identity once sign-in lands). */
  by?: string;
  at: string;
}

/** What a build with a validation gate reports in its output (`validation`). */
export interface ValidationReport {
  regions: RegionVerdict[];
  /** Only with `approval: required`: the decision that let the version become latest. */
  approval?: ApprovalDecision;
}
