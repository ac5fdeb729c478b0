/** Sharing: the `reconcileSharing` orchestration and its read, plan and writes (docs/sharing.md). */
import type { PollingSettings } from '../../shared/domain/polling';
import type { SharingChange, SharingPlan } from '../../shared/domain/sharing/planSharing';
import type { ActualSharing, DesiredSharing } from '../../shared/domain/sharing/sharingState';
import type { GalleryPermissionsUpdate, GalleryRef, GallerySharingUpdate } from '../../shared/ports/galleryLifecyclePort';
import { activity, orchestrator } from '../durable/descriptors';

export type { SharingChange, SharingPlan } from '../../shared/domain/sharing/planSharing';
export type { ActualSharing, DesiredSharing } from '../../shared/domain/sharing/sharingState';

export type SharingTrigger = 'schedule' | 'http';

/** Copied from the catalog by the trigger: the orchestration never reads config. */
export interface SharingInput {
  gallery: GalleryRef;
  desired: DesiredSharing;
  /** false: plan only (the dry run). */
  apply: boolean;
  trigger: SharingTrigger;
  polling: PollingSettings;
  /** The lock the run holds ("one sharing run at a time"), freed when it ends. */
  runLock?: string;
}

/** The plan (also the dry run's answer) plus what applying it did. */
export interface SharingOutput extends SharingPlan {
  /** `Degraded` when a change failed (listed in `failed`); the next run plans it again. */
  status: 'Completed' | 'Degraded';
  apply: boolean;
  trigger: SharingTrigger;
  applied: SharingChange[];
  failed: { change: SharingChange; reason: string }[];
}

export interface ReadSharingStateInput {
  gallery: GalleryRef;
  galleryId: string;
}

export interface PlanSharingInput {
  desired: DesiredSharing;
  actual: ActualSharing;
}

export type WriteReaderAssignmentOutput = { status: 'created' | 'exists' | 'deleted' | 'gone' } | { status: 'failed'; reason: string };

export type UpdateGallerySharingInput = { gallery: GalleryRef } & ({ step: 'permissions'; update: GalleryPermissionsUpdate } | { step: 'share'; update: GallerySharingUpdate });

export const reconcileSharing = orchestrator<SharingInput, SharingOutput>('reconcileSharing');
export const readSharingState = activity<ReadSharingStateInput, ActualSharing>('readSharingState');
export const planSharing = activity<PlanSharingInput, SharingPlan>('planSharing');
export const writeReaderAssignment = activity<Extract<SharingChange, { model: 'reader' }>, WriteReaderAssignmentOutput>('writeReaderAssignment');
export const updateGallerySharing = activity<UpdateGallerySharingInput, void>('updateGallerySharing');
