/**
 * Every durable function name with its input and output types. Names are persisted in orchestration history:
 * never rename one that may be in flight — add a new one instead.
 */
import type { BaseImage, ImageDefinitionSpec, ImageSpec, NamingRules, VersioningScheme } from '../shared/domain/catalog';
import type { NameViolation } from '../shared/domain/names';
import type { PublishOutcome } from '../shared/domain/publishOutcome';
import type { CapturedVersionDisposition } from '../shared/domain/versionRecovery';
import type { BuildVmSpec, ImageSource, RunCommandSpec, RunCommandView, VmView } from '../shared/ports/computePort';
import type {
  CreateImageVersionSpec,
  ImageDefinitionRef,
  ImageDefinitionView,
  ImageVersionView,
  UpdateImageVersionSpec,
} from '../shared/ports/galleryPort';
import { activity, orchestrator } from './durable/descriptors';

// Orchestrators see port and tag vocabulary only through this module (they may import contracts, not ports).
export type { CreateImageVersionSpec, ImageDefinitionRef, ImageDefinitionView, ImageVersionView } from '../shared/ports/galleryPort';
export type { VmView } from '../shared/ports/computePort';
export * from './provenanceTags';
import type { PollingSettings } from './durable/pollUntil';

export type BuildTrigger = 'schedule' | 'event' | 'http';

export interface GalleryInput {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
}

/** What a build needs, copied from settings and the catalog by the trigger (orchestrators never read config). */
export interface BuildInput {
  image: ImageSpec;
  gallery: GalleryInput;
  staging: { resourceGroup: string; subnetId: string; vmSize: string };
  naming: NamingRules;
  trigger: BuildTrigger;
  reason: string | null;
  /** sha256 over the canonical JSON of the customization steps, computed by the trigger. */
  recipeSha256: string;
  polling: PollingSettings;
  /** Bounded re-tries of regions whose replication failed before the build reports them unpromoted. */
  maxReplicationRetries: number;
}

export interface CaptureInput {
  vmId: string;
  /** first 16 hex of sha256(lower-cased VM ID): the instance key and the `autopilot-source-vm` tag value. */
  vmIdHash: string;
  image: ImageSpec;
  gallery: GalleryInput;
  captureScopes: string[];
  naming: NamingRules;
  trigger: BuildTrigger;
  polling: PollingSettings;
  maxReplicationRetries: number;
}

/** The output of build and capture orchestrations (DESIGN.md §7). */
export interface BuildOutput {
  image: string;
  version: string;
  regions: string[];
  promoted: boolean;
  trigger: BuildTrigger;
  buildId: string;
  durationSeconds: number;
  /** Regions still failed after the bounded retries; the version then stays excluded from latest. */
  failedRegions: string[];
  /**
   * `Degraded` when the version stayed unpromoted because regions failed (`publishOutcome`): the orchestration is
   * Completed either way, so this is where operators and GET /api/images see the difference.
   */
  status: PublishOutcome;
  /** Captures: the version already existed for this VM, nothing was created. */
  alreadyCaptured?: boolean;
  /**
   * Captures: the existing version had never been promoted (an earlier run was interrupted), so this run waited for
   * its replication and promoted it as that run would have.
   */
  resumed?: boolean;
  /** Captures: the existing version was deprecated since (an end-of-life date, set by prune): returned, not promoted. */
  deprecated?: boolean;
  /**
   * The planned version was taken meanwhile by another build or capture, so the next free one was planned and
   * created instead; one entry per re-plan, in order. Absent when the first plan held.
   */
  replanned?: VersionReplan[];
}

/** One re-plan after a version conflict: `version` was taken (`reason`, leading with VERSION_CONFLICT), `next` was planned. */
export interface VersionReplan {
  version: string;
  next: string;
  reason: string;
}

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
}

export interface SweepOutput {
  deleted: string[];
  kept: string[];
}

export interface ResolveBaseImageInput {
  location: string;
  baseImage: BaseImage;
}

export interface ResolveBaseImageOutput {
  source: ImageSource;
  /** The exact base version: `publisher:offer:sku:version` or a gallery version ID. */
  exact: string;
  /** The `autopilot-base-image` tag value: `exact`, or its sha256 when longer than a tag value may be. */
  tag: string;
}

/**
 * One existing version as the version planner sees it. Histories recorded before the newest build provenance
 * (shared/domain/provenance.ts) decided the semver minor carry only `name` and `baseImage`; absent fields read as a
 * succeeded version serving latest whose only provenance tag is `baseImage`.
 */
export interface ExistingVersionFacts {
  name: string;
  baseImage?: string | null;
  provisioningState?: string;
  excludeFromLatest?: boolean;
  /** Its provenance tags only (provenanceTags: `autopilot-base-image`, `autopilot-recipe-sha256`). */
  tags?: Record<string, string>;
}

export interface PlanBuildVersionInput {
  versioning: VersioningScheme;
  existing: ExistingVersionFacts[];
  /** The new version's `autopilot-base-image` value; '' for a capture (the base image is then not compared). */
  baseImage: string;
  now: string;
  /** Names known to exist although the list may not show them yet (a conflict just reported them): never planned. */
  taken?: string[];
}

export interface PlanBuildVersionOutput {
  version: string;
  baseImageChanged: boolean;
}

export interface CheckNamesInput {
  gallery: string;
  image: string;
  version: string;
  naming: NamingRules;
}

export interface CheckNamesOutput {
  violations: NameViolation[];
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

export interface CreateImageVersionInput {
  ref: ImageDefinitionRef;
  version: string;
  spec: CreateImageVersionSpec;
}

/**
 * `alreadyExists`: this build's own version (a repeat of the create). `conflict`: the name belongs to another build or
 * capture (`detail` leads with VERSION_CONFLICT); nothing was written, the caller plans the next free version.
 */
export type CreateImageVersionOutput = { status: 'created' | 'alreadyExists' } | { status: 'conflict'; detail: string };

export interface DeleteOwnImageVersionInput {
  ref: ImageDefinitionRef;
  version: string;
  /** Only a version tagged with this build ID is deleted. */
  buildId: string;
}

/** `deleting`: the DELETE runs (started now or before); `gone`: 404; `kept`: not this run's, or promoted (`reason`). */
export type DeleteOwnImageVersionOutput = { status: 'deleting' | 'gone' } | { status: 'kept'; reason: string };

export interface ImageVersionRefInput {
  ref: ImageDefinitionRef;
  version: string;
}

export interface UpdateImageVersionInput {
  ref: ImageDefinitionRef;
  version: string;
  spec: UpdateImageVersionSpec;
}

export interface DeleteVmOutput {
  status: 'deleting' | 'alreadyGone';
}

export interface EnsureImageDefinitionInput {
  ref: ImageDefinitionRef;
  location: string;
  definition: ImageDefinitionSpec;
  tags: Record<string, string>;
}

export interface EnsureImageDefinitionOutput {
  status: 'exists' | 'creating';
  provisioningState: string;
}

export interface FindCapturedVersionInput {
  ref: ImageDefinitionRef;
  vmIdHash: string;
}

export interface FindCapturedVersionOutput {
  /** The usable version captured from this VM (never a Failed or Deleting one), or null. */
  version: ImageVersionView | null;
  /** What the capture does with it (shared/domain/versionRecovery.ts); absent in histories recorded before it existed = `complete`. */
  disposition?: CapturedVersionDisposition | null;
  /** Versions of this VM that do not count as captured: `name (provisioningState)`. */
  skipped?: string[];
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

export type PlanCaptureOutput = { accept: true; needsDeallocate: boolean; deleteAfterCapture: boolean } | { accept: false; reason: string };

// ── Orchestrators ──
export const buildImage = orchestrator<BuildInput, BuildOutput>('buildImage');
export const captureImage = orchestrator<CaptureInput, BuildOutput>('captureImage');

// ── Activities: reads ──
export const readVm = activity<VmRefInput, ReadVmOutput>('readVm');
export const readRunCommand = activity<RunCommandRefInput, RunCommandView>('readRunCommand');
export const getImageDefinition = activity<ImageDefinitionRef, ImageDefinitionView>('getImageDefinition');
export const listImageVersions = activity<ImageDefinitionRef, ImageVersionView[]>('listImageVersions');
export const readImageVersion = activity<ImageVersionRefInput, ImageVersionView>('readImageVersion');
export const resolveBaseImage = activity<ResolveBaseImageInput, ResolveBaseImageOutput>('resolveBaseImage');
export const ensureImageDefinition = activity<EnsureImageDefinitionInput, EnsureImageDefinitionOutput>('ensureImageDefinition');
export const findCapturedVersion = activity<FindCapturedVersionInput, FindCapturedVersionOutput>('findCapturedVersion');

// ── Activities: plans (pure decisions, recorded in history) ──
export const planBuildVersion = activity<PlanBuildVersionInput, PlanBuildVersionOutput>('planBuildVersion');
export const checkNames = activity<CheckNamesInput, CheckNamesOutput>('checkNames');
export const planCapture = activity<PlanCaptureInput, PlanCaptureOutput>('planCapture');

// ── Activities: side effects (each starts one operation, idempotent) ──
export const sweepBuildVms = activity<SweepInput, SweepOutput>('sweepBuildVms');
export const createBuildVm = activity<BuildVmSpec, VmRefInput>('createBuildVm');
export const startRunCommand = activity<StartRunCommandInput, null>('startRunCommand');
export const deallocateVm = activity<VmRefInput, null>('deallocateVm');
export const generalizeVm = activity<VmRefInput, null>('generalizeVm');
export const deleteVm = activity<VmRefInput, DeleteVmOutput>('deleteVm');
export const createImageVersion = activity<CreateImageVersionInput, CreateImageVersionOutput>('createImageVersion');
export const updateImageVersion = activity<UpdateImageVersionInput, null>('updateImageVersion');
/** A failing build or capture deletes the version it created (never another run's, never a promoted one). */
export const deleteOwnImageVersion = activity<DeleteOwnImageVersionInput, DeleteOwnImageVersionOutput>('deleteOwnImageVersion');

// ── Prune (issue 8) ──
import type { RetentionPolicy } from '../shared/domain/catalog';
import type { PrunePlan } from '../shared/domain/retentionPlan';
import type { GalleryRef } from '../shared/ports/galleryPort';
import type { ImageUser } from '../shared/ports/usagePort';
export type { ImageUser } from '../shared/ports/usagePort';
export type { PrunePlan, PrunePlanItem } from '../shared/domain/retentionPlan';

export type PruneTrigger = 'schedule' | 'http';

/** Copied from the catalog by the trigger: the orchestration never reads config. */
export interface PruneInput {
  image: string;
  ref: ImageDefinitionRef;
  retention: RetentionPolicy;
  usageScopes: string[];
  allowPruneWhenShared: boolean;
  dryRun: boolean;
  trigger: PruneTrigger;
  polling: PollingSettings;
  /** Set by the scheduled run, which reads sharing and usage once for all images; absent → the orchestration reads. */
  snapshot?: PruneSnapshot;
}

export interface PruneSnapshot {
  galleryShared: boolean;
  /** Only the users referencing this image (its definition or one of its versions). */
  users: ImageUser[];
}

export interface PruneFailure {
  version: string;
  action: 'deprecate' | 'delete';
  /** Leads with a stable code: `STILL_IN_USE: …`, `OPERATION_FAILED: …`. */
  reason: string;
}

/** DESIGN.md §7's prune plan plus what acting on it did. */
export interface PruneOutput extends PrunePlan {
  trigger: PruneTrigger;
  galleryShared: boolean;
  deprecated: string[];
  deleted: string[];
  failed: PruneFailure[];
}

export interface ReadGallerySharingOutput {
  permissions: string;
  shared: boolean;
}

export interface FindImageUsageInput {
  scopes: string[];
  /** Image name → definition ID; users are grouped per image. */
  definitions: Record<string, string>;
}

export interface FindImageUsageOutput {
  users: Record<string, ImageUser[]>;
}

export interface PlanPruneInput {
  image: string;
  definitionId: string;
  versions: ImageVersionView[];
  users: ImageUser[];
  retention: RetentionPolicy;
  /** The orchestration's currentUtcDateTime (ISO): the same instant on replay. */
  now: string;
  dryRun: boolean;
  galleryShared: boolean;
  allowPruneWhenShared: boolean;
}

/** A batch, so a first run deprecating hundreds of versions adds a few dozen history events, not thousands. */
export interface DeprecateVersionsInput {
  ref: ImageDefinitionRef;
  versions: { version: string; endOfLifeDate: string }[];
}

/** `failed`: ARM refused, or kept failing through the SDK's retries; the next run plans the deprecation again. */
export type DeprecateVersionResult =
  | { version: string; status: 'deprecated' | 'alreadyGone' }
  | { version: string; status: 'failed'; reason: string };

export interface DeprecateVersionsOutput {
  results: DeprecateVersionResult[];
}

export interface DeleteVersionIfUnusedInput {
  ref: ImageDefinitionRef;
  version: string;
  protectTag: string;
  now: string;
  /** A fresh usage read taken right before the deletions. */
  users: ImageUser[];
}

/** `refused`: the fresh read forbids it (nothing sent); `failed`: ARM refused the DELETE for good. */
export type DeleteVersionIfUnusedOutput =
  | { status: 'deleting' | 'alreadyGone' }
  | { status: 'refused' | 'failed'; reason: string };

export const pruneImage = orchestrator<PruneInput, PruneOutput>('pruneImage');
export const readGallerySharing = activity<GalleryRef, ReadGallerySharingOutput>('readGallerySharing');
export const findImageUsage = activity<FindImageUsageInput, FindImageUsageOutput>('findImageUsage');
export const planPrune = activity<PlanPruneInput, PrunePlan>('planPrune');
export const deprecateImageVersions = activity<DeprecateVersionsInput, DeprecateVersionsOutput>('deprecateImageVersions');
export const deleteImageVersionIfUnused = activity<DeleteVersionIfUnusedInput, DeleteVersionIfUnusedOutput>('deleteImageVersionIfUnused');

// ── Hands-off (issue 7): scheduled rebuilds, event-triggered captures, replication reconciliation ──
import type { RebuildPolicy, TargetRegion } from '../shared/domain/catalog';
import type { ReplicationPlan } from '../shared/domain/replicationPlan';
import type { VersionRegionGroup } from '../shared/domain/reconcilePlan';
import type { GalleryCoordinates } from '../shared/domain/rebuildOrder';
export type { ReplicationPlan } from '../shared/domain/replicationPlan';

/** Per image in a scheduled run's output (DESIGN.md §7 style: stable codes people and tests key on). */
export type RebuildRunStatus = 'rebuild' | 'up-to-date' | 'paused' | 'already-running' | 'blocked';

/** Copied from the catalog and settings by `scheduledRebuild`: one build input per catalog image. */
export interface RebuildRunInput {
  builds: BuildInput[];
  maxConcurrentBuilds: number;
  /** Images whose `build-<image>` the trigger saw running; the sub-orchestration conflict covers later races. */
  runningBuilds: string[];
  /** Set when `enforce: block` refuses builds now (the trigger read the latest policy report): why, for the output. */
  policyBlock?: string;
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
  | { image: string; outcome: 'already-running'; detail: string };

export interface RecordBuildOutcomeInput {
  ref: ImageDefinitionRef;
  succeeded: boolean;
  /** The failing orchestration's time (ISO): a retried or replayed record of the same failure counts once. */
  at: string;
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

/** `capture-<hash>` started by an Event Grid event: the orchestration reads the VM's tag to pick the image. */
export interface EventCaptureInput {
  vmId: string;
  vmIdHash: string;
  images: ImageSpec[];
  gallery: GalleryInput;
  captureScopes: string[];
  naming: NamingRules;
  polling: PollingSettings;
  maxReplicationRetries: number;
}

export type EventCaptureOutput = BuildOutput | { ignored: true; vmId: string; reason: string };

export const rebuildRun = orchestrator<RebuildRunInput, RebuildRunOutput>('rebuildRun');
export const rebuildRunImage = orchestrator<RebuildRunImageInput, RebuildRunImageOutput>('rebuildRunImage');
export const reconcileReplication = orchestrator<ReconcileReplicationInput, ReconcileReplicationOutput>('reconcileReplication');
export const captureFromEvent = orchestrator<EventCaptureInput, EventCaptureOutput>('captureFromEvent');
export const readRebuildImageState = activity<ImageDefinitionRef, RebuildImageState>('readRebuildImageState');
export const resolveRebuildBase = activity<ResolveBaseImageInput, RebuildBaseOutput>('resolveRebuildBase');
export const planRebuildRun = activity<PlanRebuildRunInput, PlanRebuildRunOutput>('planRebuildRun');
export const recordBuildOutcome = activity<RecordBuildOutcomeInput, RecordBuildOutcomeOutput>('recordBuildOutcome');
// ── end Hands-off ──

// ── Notifications (issue 10): orchestrators publish through `yield* notify(ctx, draft)` with the builders below ──
export * from './notifications/eventTypes';
export * from './notifications/eventBuilders';
export { imageOf, type NotificationDraft } from './notifications/notificationDraft';
export { notify } from './notifications/notify';
// Defined beside notify.ts (which calls it) to avoid an import cycle; the name is persisted in history.
export { publishNotification, type PublishNotificationInput } from './notifications/publishNotificationContract';
// ── end Notifications ──
