import type { SharingChange } from '../sharing/planSharing';
import { MAX_ERROR_LENGTH } from '../errorSummary';
import { EVENT_TYPES } from './eventTypes';
import { gallerySource, type GalleryFacts, type NotificationDraft } from './notificationDraft';

/** Changes listed in the event; the rest are counted (the run's output has them all). */
export const MAX_LISTED_CHANGES = 50;

export interface SharingChangedFacts {
  gallery: GalleryFacts;
  instanceId: string;
  trigger: string;
  applied: SharingChange[];
  failed: { change: SharingChange; reason: string }[];
}

/** What a sharing run changed: each add or remove with its scope and principal, or its subscription or tenant. Null when nothing was tried. */
export function sharingChanged(f: SharingChangedFacts): NotificationDraft | null {
  if (f.applied.length === 0 && f.failed.length === 0) return null;
  return {
    type: EVENT_TYPES.sharingChanged,
    source: gallerySource(f.gallery),
    subject: 'sharing',
    data: {
      image: null,
      version: null,
      instanceId: f.instanceId,
      trigger: f.trigger,
      applied: f.applied.slice(0, MAX_LISTED_CHANGES),
      failed: f.failed.slice(0, MAX_LISTED_CHANGES).map((x) => ({ change: x.change, reason: x.reason.slice(0, MAX_ERROR_LENGTH) })),
      counts: { applied: f.applied.length, failed: f.failed.length },
    },
  };
}
