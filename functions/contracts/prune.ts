/** Safe lifecycle: the `pruneImage` orchestration and its reads, plan and writes. */
import type { RetentionPolicy } from '../../shared/domain/catalog';
import type { PollingSettings } from '../../shared/domain/polling';
import type { PrunePlan } from '../../shared/domain/retentionPlan';
import type { GalleryRef } from '../../shared/ports/galleryLifecyclePort';
import type { ImageDefinitionRef, ImageVersionView } from '../../shared/ports/galleryPort';
import type { ImageUser, UsageFreshness } from '../../shared/ports/usagePort';
import { activity, orchestrator } from '../durable/descriptors';

export type { ImageUser } from '../../shared/ports/usagePort';
export type { PrunePlan, PrunePlanItem } from '../../shared/domain/retentionPlan';

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
  /** The lock the run holds ("one prune per image"), freed when it ends. */
  runLock?: string;
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

/** The prune plan (docs/http-api.md#prune-output) plus what acting on it did. */
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
  /**
   * `recent`: a dry run's plan may use a listing of the same scopes taken moments ago by this process and dropped by
   * any write it made (UsagePort.listRecentImageUsers). Absent = a fresh listing, as every read before a delete is.
   */
  freshness?: UsageFreshness;
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
