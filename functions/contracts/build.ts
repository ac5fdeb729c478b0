/**
 * The build pipeline: `buildImage`, `captureImage` / `captureFromEvent` (from HTTP or an Event Grid event). Durable names are persisted
 * in orchestration history: never rename one that may be in flight, add a new one instead.
 */
import type { ImageSpec, NamingRules } from '../../shared/domain/catalog';
import type { PollingSettings } from '../../shared/domain/polling';
import type { PublishOutcome } from '../../shared/domain/publishOutcome';
import type { StepTails } from '../../shared/domain/outputTail';
import { orchestrator } from '../durable/descriptors';
import type { ValidationReport } from './validation';

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
  /** RUN_LOGS_CONTAINER_URI: where the build VM writes its steps' full output; absent = inline tails only. */
  runLogsContainerUri?: string;
  /** The lock the run holds ("one build per image"), freed when it ends (functions/orchestrators/withRunRecord.ts). */
  runLock?: string;
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

/** The output of build and capture orchestrations (docs/http-api.md#build-and-capture-output). */
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
  /** Builds: the HTTP caller's `reason`, null when none was given (scheduled builds have none). */
  reason?: string | null;
  /** Builds: each customization step's exit code and the last 4 KiB of its stdout and stderr, in order. */
  customization?: StepTails[];
  /** Builds of an image with `validation:`: each region's verdict with its steps' tails, and the approval. */
  validation?: ValidationReport;
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

/** A capture run started by an Event Grid event: the orchestration reads the VM's tag to pick the image. */
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

export const buildImage = orchestrator<BuildInput, BuildOutput>('buildImage');
export const captureImage = orchestrator<CaptureInput, BuildOutput>('captureImage');
export const captureFromEvent = orchestrator<EventCaptureInput, EventCaptureOutput>('captureFromEvent');
