/**
 * The failure pause of docs/hands-off.md#failure-pause: scheduled runs skip an image whose consecutive failed builds
 * reached the catalog's `pauseAfterFailures` (0 = never). One rule for GET /api/images, the resume route and the
 * Image.Paused event, so they never disagree on whether an image is paused.
 */
export function isPaused(consecutiveFailures: number, pauseAfterFailures: number): boolean {
  return pauseAfterFailures > 0 && Number.isFinite(consecutiveFailures) && consecutiveFailures >= pauseAfterFailures;
}

/**
 * Whether recording a failure that brought the count to `consecutiveFailures` is what paused the image: the count
 * reached the limit exactly. Recording is idempotent (a retried failure returns the same count), so this is true for
 * one failure per pause, and the count only grows past the limit if the limit is changed.
 */
export function pausedByThisFailure(consecutiveFailures: number, pauseAfterFailures: number): boolean {
  return pauseAfterFailures > 0 && consecutiveFailures === pauseAfterFailures;
}
