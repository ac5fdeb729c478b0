/** Hands-off: the scheduled rebuild run, its per-image builds, replication reconciliation and the failure count. */
import type { BaseImage, RebuildPolicy, TargetRegion } from '../../shared/domain/catalog';
import type { PollingSettings } from '../../shared/domain/polling';
import type { GalleryCoordinates } from '../../shared/domain/rebuildOrder';
import type { VersionRegionGroup } from '../../shared/domain/reconcilePlan';
import type { ReplicationPlan } from '../../shared/domain/replicationPlan';
import type { ImageDefinitionRef } from '../../shared/ports/galleryPort';
import { activity, orchestrator } from '../durable/descriptors';
import type { BuildInput, BuildOutput } from './build';
import type { ResolveBaseImageInput } from './gallery';
import type { SweepInput } from './vm';

export type { ReplicationPlan } from '../../shared/domain/replicationPlan';

/** Per image in a scheduled run's output (docs/http-api.md#scheduled-rebuild-output style: stable codes people and tests key on). */
export type RebuildRunStatus = 'rebuild' | 'up-to-date' | 'paused' | 'already-running' | 'blocked';

/** Copied from the catalog and settings by `scheduledRebuild`: one build input per catalog image. */
export interface RebuildRunInput {
  builds: BuildInput[];
  maxConcurrentBuilds: number;
  /** Images whose build lock the trigger saw held by a running build; `claimRun` covers later races. */
  runningBuilds: string[];
  /** Set when `enforce: block` refuses builds now (the trigger read the latest policy report): why, for the output. */
  policyBlock?: string;
  /**
   * The staging resource group the run sweeps for orphaned build VMs before it reads anything (docs/architecture.md#orchestration-conventions). Absent
   * in runs started before the sweep moved into the run: their replay must not gain a call.
   */
  sweep?: SweepInput;
  /** The lock the run holds (one scheduled run at a time), freed when it ends. */
  runLock?: string;
}

/** The latest version's facts the planner needs; a compact view, never the whole version list. */
export interface RebuildLatestFacts {
  name: string;
  publishedDate: string | null;
  /** Only the provenance tags (`autopilot-base-image`, `autopilot-recipe-sha256`). */
  tags: Record<string, string>;
  targetRegions: { name: string; replicas: number; storageAccountType: string }[];
}

export interface RebuildImageState {
  latest: RebuildLatestFacts | null;
  /**
   * Set when the latest version has no recipe provenance (a capture) and an older version a build made exists: its
   * provenance tags decide base-image and recipe changes, while age still counts from the latest.
   */
  latestBuilt?: { name: string; tags: Record<string, string> };
  consecutiveFailures: number;
  /** ISO time of the last recorded failure (`autopilot-last-failure`), null when none. */
  lastFailureAt: string | null;
  /** Set when the image definition does not exist (an image new to the catalog): a reason to build, which creates it. */
  definitionMissing?: true;
  /**
   * Every other version that succeeded and is not deprecated, grouped by identical target regions: replication
   * reconciliation brings them to the catalog's regions too (VMs and scale sets pin older versions).
   */
  otherVersions?: VersionRegionGroup[];
}

export type RebuildBaseOutput =
  | { status: 'resolved'; exact: string; tag: string }
  | { status: 'missing'; reason: string };

export interface PlanRebuildRunImage {
  image: string;
  rebuild: RebuildPolicy;
  recipeSha256: string;
  targetRegions: TargetRegion[];
  state: RebuildImageState;
  base: RebuildBaseOutput;
  running: boolean;
  /** The catalog's base image: with `PlanRebuildRunInput.gallery`, tells which images are built on another catalog image. */
  baseImage?: BaseImage;
}

export interface PlanRebuildRunInput {
  /** The orchestration's currentUtcDateTime (ISO). */
  now: string;
  /** The gallery region: every version must keep replicating there. */
  sourceRegion: string;
  images: PlanRebuildRunImage[];
  /** From `RebuildRunInput.policyBlock`: images that would rebuild are `blocked` with reason `policy-blocked`. */
  policyBlock?: string;
  /** The catalog's gallery: a gallery base naming one of its definitions follows that catalog image. */
  gallery?: GalleryCoordinates;
}

export interface RebuildRunItem {
  image: string;
  status: RebuildRunStatus;
  /** RebuildReason codes for `rebuild`; `paused`, `already-running`, `base-image-missing`, … otherwise. */
  reasons: string[];
  detail: string;
  /** Set when the latest version's regions differ from the catalog and the image is not rebuilt. */
  reconcile: { version: string; plan: ReplicationPlan } | null;
  /**
   * Every version updated to the catalog's regions this run (the latest first, then the others that are not
   * deprecated, newest first), at most RECONCILE_VERSIONS_PER_RUN. Absent in histories recorded before: `reconcile`.
   */
  reconcileVersions?: { version: string; plan: ReplicationPlan }[];
  /** Versions whose regions differ too, over that bound: a later run updates them. */
  reconcileDeferred?: string[];
  /** A version published after the last recorded failure: the failure count is stale and is reset. */
  resetFailures: boolean;
}

export interface PlanRebuildRunOutput {
  items: RebuildRunItem[];
  /** Image → the catalog image it is built on (catalogBaseImages): its build waits for that one's, in the same run. */
  follows?: Record<string, string>;
}

export interface RebuildRunImageInput {
  build: BuildInput;
}

export type RebuildRunImageOutput =
  | { image: string; outcome: 'built'; build: BuildOutput; consecutiveFailures: 0 }
  | { image: string; outcome: 'failed'; error: string; consecutiveFailures: number }
  | { image: string; outcome: 'already-running'; detail: string }
  /** Stopped by a cancel request: not a failure, so the image's failure count is left as it was. */
  | { image: string; outcome: 'cancelled'; error: string };

export interface RecordBuildOutcomeInput {
  ref: ImageDefinitionRef;
  succeeded: boolean;
  /** The failing orchestration's time (ISO): a retried or replayed record of the same failure counts once. */
  at: string;
  /**
   * A success whose run read the definition when it started and found no failure count: there is nothing to reset,
   * so the definition is not read again. A count recorded after that read stays until the next scheduled run, whose
   * stale-count reset sees the newer version.
   */
  knownClear?: boolean;
}

export interface RecordBuildOutcomeOutput {
  consecutiveFailures: number;
}

export interface ReconcileReplicationInput {
  ref: ImageDefinitionRef;
  version: string;
  plan: ReplicationPlan;
  polling: PollingSettings;
}

export interface ReconcileReplicationOutput {
  image: string;
  version: string;
  status: 'replicated' | 'failed';
  added: string[];
  replicaChanges: ReplicationPlan['replicaChanges'];
  /** Storage type changes Azure refuses on an existing version: reported, never attempted. */
  notUpdatable: ReplicationPlan['notUpdatable'];
  failedRegions: string[];
  error: string | null;
}

export interface RebuildRunOutputItem extends RebuildRunItem {
  build: RebuildRunImageOutput | null;
  /** The latest version's reconciliation. */
  replication: ReconcileReplicationOutput | null;
  /** Every version reconciled this run, in `reconcileVersions` order (the latest's is also `replication`). */
  replications?: ReconcileReplicationOutput[];
}

export interface RebuildRunOutput {
  items: RebuildRunOutputItem[];
  summary: Record<RebuildRunStatus, number>;
}

export const rebuildRun = orchestrator<RebuildRunInput, RebuildRunOutput>('rebuildRun');
export const rebuildRunImage = orchestrator<RebuildRunImageInput, RebuildRunImageOutput>('rebuildRunImage');
export const reconcileReplication = orchestrator<ReconcileReplicationInput, ReconcileReplicationOutput>('reconcileReplication');
export const readRebuildImageState = activity<ImageDefinitionRef, RebuildImageState>('readRebuildImageState');
export const resolveRebuildBase = activity<ResolveBaseImageInput, RebuildBaseOutput>('resolveRebuildBase');
export const planRebuildRun = activity<PlanRebuildRunInput, PlanRebuildRunOutput>('planRebuildRun');
export const recordBuildOutcome = activity<RecordBuildOutcomeInput, RecordBuildOutcomeOutput>('recordBuildOutcome');
