/**
 * Pure builders of every notification the app publishes (docs/notifications.md lists them with sample payloads).
 * They take plain facts the orchestrations already hold; payloads stay small (Event Grid bills per 64 KB and caps
 * an event at 1 MB), so long lists are capped and error texts cut.
 */
import type { PolicyFinding, PolicyReport, Severity } from '../policy/finding';
import { severityAtLeast } from '../policy/finding';
import type { PublishOutcome } from '../publishOutcome';
import { errorCode, errorText, innerErrorMessage, MAX_ERROR_LENGTH } from '../errorSummary';
import { EVENT_TYPES } from './eventTypes';
import { gallerySource, imageSubject, type GalleryFacts, type NotificationDraft } from './notificationDraft';

export { errorCode, errorText, MAX_ERROR_LENGTH };

/** Findings listed in a policy event; the rest are counted (the full report is the scan's output). */
export const MAX_LISTED_FINDINGS = 20;
/** Failed validation regions listed in Build.ValidationFailed (a catalog lists a handful; the cap keeps events small). */
export const MAX_LISTED_VALIDATION_FAILURES = 20;
/** Policy findings at or above this severity are worth telling someone about. */
export const DEFAULT_POLICY_THRESHOLD: Severity = 'high';

export interface RunFacts {
  gallery: GalleryFacts;
  image: string;
  instanceId: string;
}

export interface BuildStartedFacts extends RunFacts {
  version: string;
  buildId: string;
  trigger: string;
  /** The exact base image the build starts from. */
  baseImage: string;
}

export function buildStarted(f: BuildStartedFacts): NotificationDraft {
  return {
    type: EVENT_TYPES.buildStarted,
    source: gallerySource(f.gallery),
    subject: imageSubject(f.image, f.version),
    data: { image: f.image, version: f.version, instanceId: f.instanceId, buildId: f.buildId, trigger: f.trigger, baseImage: f.baseImage },
  };
}

/** What a finished build or capture reports (BuildOutput has this shape). */
export interface PublishedFacts {
  version: string;
  buildId: string;
  trigger: string;
  regions: string[];
  failedRegions: string[];
  promoted: boolean;
  durationSeconds: number;
  /** `Degraded`: the version stayed unpromoted because regions failed (shared/domain/publishOutcome.ts). */
  status: PublishOutcome;
}

/** What builds and captures both report about the version they published. */
function publishedData(f: RunFacts, o: PublishedFacts) {
  return {
    image: f.image,
    version: o.version,
    instanceId: f.instanceId,
    buildId: o.buildId,
    trigger: o.trigger,
    promoted: o.promoted,
    regions: o.regions,
    failedRegions: o.failedRegions,
  };
}

export function buildSucceeded(f: RunFacts & { output: PublishedFacts }): NotificationDraft {
  const o = f.output;
  return {
    type: EVENT_TYPES.buildSucceeded,
    source: gallerySource(f.gallery),
    subject: imageSubject(f.image, o.version),
    data: { ...publishedData(f, o), durationSeconds: o.durationSeconds },
  };
}

/** Same facts as Build.Succeeded, its own type: a version nobody gets (unpromoted, regions failed) is not a success. */
export function buildDegraded(f: RunFacts & { output: PublishedFacts }): NotificationDraft {
  return { ...buildSucceeded(f), type: EVENT_TYPES.buildDegraded };
}

/** How a build that ran to its end is announced: Build.Succeeded, or Build.Degraded (its output's `status`). */
export function buildFinished(f: RunFacts & { output: PublishedFacts }): NotificationDraft {
  return f.output.status === 'Degraded' ? buildDegraded(f) : buildSucceeded(f);
}

export interface BuildFailedFacts extends RunFacts {
  /** Null when the build failed before it planned one. */
  version: string | null;
  buildId: string | null;
  trigger: string;
  error: unknown;
}

export function buildFailed(f: BuildFailedFacts): NotificationDraft {
  const message = errorText(f.error);
  return {
    type: EVENT_TYPES.buildFailed,
    source: gallerySource(f.gallery),
    subject: imageSubject(f.image, f.version),
    data: { image: f.image, version: f.version, instanceId: f.instanceId, buildId: f.buildId, trigger: f.trigger, errorCode: errorCode(message), error: message },
  };
}

/**
 * A build stopped by a cancel request: its own type, not Build.Failed (nothing went wrong, and a cancelled build
 * does not count towards auto-pause). `error` says during which step and by whom.
 */
export function buildCancelled(f: BuildFailedFacts): NotificationDraft {
  return { ...buildFailed(f), type: EVENT_TYPES.buildCancelled };
}

export interface ValidationFailedFacts extends RunFacts {
  version: string;
  buildId: string;
  trigger: string;
  /** Every region that failed, in the catalog's order: the step that failed there (null: before any step) and why. */
  failures: { region: string; step: string | null; message: string }[];
}

/**
 * The version booted from in a validation region failed its checks: it stays excluded from latest, tagged
 * `autopilot-validation=failed`. Published besides the run's Build.Failed, which every failed build announces.
 */
export function buildValidationFailed(f: ValidationFailedFacts): NotificationDraft {
  return {
    type: EVENT_TYPES.buildValidationFailed,
    source: gallerySource(f.gallery),
    subject: imageSubject(f.image, f.version),
    data: {
      image: f.image,
      version: f.version,
      instanceId: f.instanceId,
      buildId: f.buildId,
      trigger: f.trigger,
      failures: f.failures.slice(0, MAX_LISTED_VALIDATION_FAILURES).map((x) => ({ region: x.region, step: x.step, message: x.message.slice(0, MAX_ERROR_LENGTH) })),
    },
  };
}

export function versionPromoted(f: RunFacts & { version: string; regions: string[] }): NotificationDraft {
  return {
    type: EVENT_TYPES.versionPromoted,
    source: gallerySource(f.gallery),
    subject: imageSubject(f.image, f.version),
    data: { image: f.image, version: f.version, instanceId: f.instanceId, regions: f.regions },
  };
}

export function captureCompleted(f: RunFacts & { vmId: string; output: PublishedFacts }): NotificationDraft {
  const o = f.output;
  return {
    type: EVENT_TYPES.captureCompleted,
    source: gallerySource(f.gallery),
    subject: imageSubject(f.image, o.version),
    data: { ...publishedData(f, o), sourceVmId: f.vmId },
  };
}

/** Same facts as Capture.Completed, its own type: the captured version stayed unpromoted because regions failed. */
export function captureDegraded(f: RunFacts & { vmId: string; output: PublishedFacts }): NotificationDraft {
  return { ...captureCompleted(f), type: EVENT_TYPES.captureDegraded };
}

/** How a capture that published (or resumed) a version is announced: Capture.Completed, or Capture.Degraded. */
export function captureFinished(f: RunFacts & { vmId: string; output: PublishedFacts }): NotificationDraft {
  return f.output.status === 'Degraded' ? captureDegraded(f) : captureCompleted(f);
}

export interface CaptureCancelledFacts extends RunFacts {
  vmId: string;
  /** Null when the capture was cancelled before it planned one. */
  version: string | null;
  buildId: string;
  trigger: string;
  error: unknown;
}

/** A capture stopped by a cancel request; the version it created, if any, was deleted before this is published. */
export function captureCancelled(f: CaptureCancelledFacts): NotificationDraft {
  // A build's cancel facts plus the VM it was capturing.
  const draft = buildFailed(f);
  return { ...draft, type: EVENT_TYPES.captureCancelled, data: { ...draft.data, sourceVmId: f.vmId } };
}

/** What a prune did (PruneOutput has this shape). */
export interface PruneFacts {
  dryRun: boolean;
  trigger: string;
  summary: { keep: number; deprecate: number; delete: number };
  deprecated: string[];
  deleted: string[];
  failed: { version: string; action: string; reason: string }[];
}

/** Null for a dry run or a run that had nothing to deprecate or delete: nothing was applied. */
export function pruneApplied(f: RunFacts & { report: PruneFacts }): NotificationDraft | null {
  const r = f.report;
  if (r.dryRun || r.summary.deprecate + r.summary.delete === 0) return null;
  return {
    type: EVENT_TYPES.pruneApplied,
    source: gallerySource(f.gallery),
    subject: imageSubject(f.image, null),
    data: {
      image: f.image,
      version: null,
      instanceId: f.instanceId,
      trigger: r.trigger,
      deprecated: r.deprecated,
      deleted: r.deleted,
      failed: r.failed.map((x) => ({ version: x.version, action: x.action, reason: x.reason.slice(0, MAX_ERROR_LENGTH) })),
      planned: r.summary,
    },
  };
}

export interface ImagePausedFacts extends RunFacts {
  consecutiveFailures: number;
  pauseAfterFailures: number;
  /** The failure that reached the limit: the last error an operator sees before resuming. */
  error: unknown;
}

/** Scheduled runs skip the image from now on, until a successful build or `POST /api/images/{image}/resume`. */
export function imagePaused(f: ImagePausedFacts): NotificationDraft {
  const message = errorText(innerErrorMessage(errorText(f.error)));
  return {
    type: EVENT_TYPES.imagePaused,
    source: gallerySource(f.gallery),
    subject: imageSubject(f.image, null),
    data: {
      image: f.image,
      version: null,
      instanceId: f.instanceId,
      consecutiveFailures: f.consecutiveFailures,
      pauseAfterFailures: f.pauseAfterFailures,
      errorCode: errorCode(message),
      error: message,
    },
  };
}

/** An operator cleared the pause; no orchestration publishes it, so `instanceId` is null. */
export function imageResumed(f: { gallery: GalleryFacts; image: string; consecutiveFailures: number }): NotificationDraft {
  return {
    type: EVENT_TYPES.imageResumed,
    source: gallerySource(f.gallery),
    subject: imageSubject(f.image, null),
    data: { image: f.image, version: null, instanceId: null, consecutiveFailures: f.consecutiveFailures },
  };
}

/** An applied prune stopped by a cancel request between batches; what it did before stopping stays done. */
export function pruneCancelled(f: RunFacts & { trigger: string; error: unknown }): NotificationDraft {
  const message = errorText(f.error);
  return {
    type: EVENT_TYPES.pruneCancelled,
    source: gallerySource(f.gallery),
    subject: imageSubject(f.image, null),
    data: { image: f.image, version: null, instanceId: f.instanceId, trigger: f.trigger, errorCode: errorCode(message), error: message },
  };
}

function listed(finding: PolicyFinding) {
  return { id: finding.id, ruleId: finding.ruleId, severity: finding.severity, scope: finding.scope, message: finding.message };
}

/** Null when no finding reaches the threshold. A scan covers the whole gallery: image and version are null. */
export function policyFindings(f: {
  gallery: GalleryFacts;
  instanceId: string;
  report: PolicyReport;
  threshold: Severity;
}): NotificationDraft | null {
  const above = f.report.findings.filter((finding) => severityAtLeast(finding.severity, f.threshold));
  if (above.length === 0) return null;
  return {
    type: EVENT_TYPES.policyFindings,
    source: gallerySource(f.gallery),
    subject: `policy/scans/${f.instanceId}`,
    data: {
      image: null,
      version: null,
      instanceId: f.instanceId,
      threshold: f.threshold,
      generatedAt: f.report.generatedAt,
      summary: f.report.summary,
      aboveThreshold: above.length,
      findings: above.slice(0, MAX_LISTED_FINDINGS).map(listed),
    },
  };
}
