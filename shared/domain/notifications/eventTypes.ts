/**
 * CloudEvent `type` values. Consumers filter Event Grid subscriptions on them: they are a public contract, so
 * rename none (add a new type instead). All share the `ImageAutopilot.` prefix for a prefix filter.
 */
export const EVENT_TYPES = {
  buildStarted: 'ImageAutopilot.Build.Started',
  buildSucceeded: 'ImageAutopilot.Build.Succeeded',
  buildFailed: 'ImageAutopilot.Build.Failed',
  buildDegraded: 'ImageAutopilot.Build.Degraded',
  buildCancelled: 'ImageAutopilot.Build.Cancelled',
  buildValidationFailed: 'ImageAutopilot.Build.ValidationFailed',
  versionPromoted: 'ImageAutopilot.Version.Promoted',
  captureCompleted: 'ImageAutopilot.Capture.Completed',
  captureDegraded: 'ImageAutopilot.Capture.Degraded',
  captureCancelled: 'ImageAutopilot.Capture.Cancelled',
  pruneApplied: 'ImageAutopilot.Prune.Applied',
  imagePaused: 'ImageAutopilot.Image.Paused',
  imageResumed: 'ImageAutopilot.Image.Resumed',
  pruneCancelled: 'ImageAutopilot.Prune.Cancelled',
  policyFindings: 'ImageAutopilot.Policy.FindingsDetected',
  sharingChanged: 'ImageAutopilot.Sharing.Changed',
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];
