import type { EventType } from './eventTypes';
import type { NotificationEvent } from './notificationEvent';

export type { NotificationEvent } from './notificationEvent';

/** Every event's data names its image, version and orchestration instance (null where the event has none). */
export interface NotificationData {
  image: string | null;
  version: string | null;
  /** Null for an event no orchestration publishes (an operator's resume through the API). */
  instanceId: string | null;
  [field: string]: unknown;
}

/** An event before the orchestration stamps it: `id` and `time` come from the durable context (functions/orchestrators/notify/notify.ts). */
export interface NotificationDraft {
  type: EventType;
  source: string;
  subject: string;
  data: NotificationData;
}

export interface GalleryFacts {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

/** The gallery's resource ID: one `source` per deployment (one catalog, one gallery — docs/architecture.md#instance-ids). */
export function gallerySource(gallery: GalleryFacts): string {
  return `/subscriptions/${gallery.subscriptionId}/resourceGroups/${gallery.resourceGroup}/providers/Microsoft.Compute/galleries/${gallery.name}`;
}

/** Resource-path style, relative to the source, so a subscription can filter on a subject prefix such as `images/web/`. */
export function imageSubject(image: string, version: string | null): string {
  return version === null ? `images/${image}` : `images/${image}/versions/${version}`;
}

/** The stamping is pure too: the caller passes the orchestration's id and time, never the wall clock. */
export function toNotificationEvent(draft: NotificationDraft, stamp: { id: string; time: Date }): NotificationEvent {
  return { id: stamp.id, type: draft.type, source: draft.source, subject: draft.subject, time: stamp.time.toISOString(), data: { ...draft.data } };
}

/** An image definition reference (ImageDefinitionRef has this shape). */
export interface ImageRefFacts {
  subscriptionId: string;
  resourceGroup: string;
  galleryName: string;
  imageName: string;
}

/** The gallery and image of a definition reference, in the form the builders take. */
export function imageOf(ref: ImageRefFacts): { gallery: GalleryFacts; image: string } {
  return { gallery: { subscriptionId: ref.subscriptionId, resourceGroup: ref.resourceGroup, name: ref.galleryName }, image: ref.imageName };
}
