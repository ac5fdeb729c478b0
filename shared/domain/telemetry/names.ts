/**
 * Every telemetry name the app emits: events (App Insights `customEvents.name`, and the `event` field of a structured
 * log line), metrics (`customMetrics.name`) and the fields they carry (`customDimensions` keys). Alerts and the
 * workbook query these names (infra/modules/alerts.bicep, infra/workbook/autopilot.workbook.json; a test checks each
 * query against this module), so they are a public interface: add, never rename.
 */
import { EVENT_TYPES, type EventType } from '../notifications/eventTypes';

const NOTIFICATION_PREFIX = 'ImageAutopilot.';

/** A notification's telemetry event: its CloudEvent type without the common prefix (`Build.Failed`). */
export function eventOfNotification(type: EventType): string {
  return type.slice(NOTIFICATION_PREFIX.length);
}

/** Events of their own, beyond the notifications (which are events too, under `eventOfNotification`). */
export const TELEMETRY_EVENTS = {
  /** A build or capture left a step for the next one: `step`, `durationSeconds` (orchestration time). */
  stepCompleted: 'Step.Completed',
  /** A version's replication settled in a region: `region`, `state`, `durationSeconds` since replication began. */
  replicationSettled: 'Replication.Settled',
  /** A policy scan finished: its counts by severity (`high`, `medium`, `low`). */
  policyScanned: 'Policy.Scanned',
  /** A route or a schedule started a run: `runId`, `trigger`, and `image` where the run has one. */
  runStarted: 'Run.Started',
  /** ARM answered 429/503: `kind`, `status`, `retryAfterSeconds` (the ARM client pipeline). */
  armThrottled: 'Arm.Throttled',
} as const;

export type OwnTelemetryEvent = (typeof TELEMETRY_EVENTS)[keyof typeof TELEMETRY_EVENTS];

/** Every event name the app may emit. */
export const ALL_TELEMETRY_EVENTS: readonly string[] = [...Object.values(EVENT_TYPES).map(eventOfNotification), ...Object.values(TELEMETRY_EVENTS)];

export const TELEMETRY_METRICS = {
  /** Seconds a build or capture spent in one step; dimensions `image`, `step`, `trigger`. */
  stepDuration: 'autopilot.build.step.duration',
  /** Seconds from the start of replication to a region settling; dimensions `image`, `region`, `state`. */
  replicationLatency: 'autopilot.replication.latency',
  /** Every ARM response the app received; dimensions `kind`, `status`. */
  armRequests: 'autopilot.arm.requests',
  /** ARM responses 429 and 503; dimensions `kind`, `status`. */
  armThrottles: 'autopilot.arm.throttles',
  /** Versions an applied prune deprecated or deleted; dimensions `image`, `action`. */
  versionsPruned: 'autopilot.prune.versions',
  /** Findings of a policy scan; dimension `severity`. */
  policyFindings: 'autopilot.policy.findings',
} as const;

export type TelemetryMetric = (typeof TELEMETRY_METRICS)[keyof typeof TELEMETRY_METRICS];

/**
 * The fields of structured log lines and the dimensions of events and metrics. `event` names the event; the first
 * six are the stable fields of every run's lines where the run has them.
 */
export const TELEMETRY_FIELDS = [
  'event',
  'image',
  'runId',
  'buildId',
  'step',
  'trigger',
  'region',
  'version',
  'state',
  'kind',
  'status',
  'severity',
  'action',
  'durationSeconds',
  'retryAfterSeconds',
  'errorCode',
  'promoted',
  'high',
  'medium',
  'low',
  'deprecated',
  'deleted',
  'consecutiveFailures',
] as const;

export type TelemetryField = (typeof TELEMETRY_FIELDS)[number];

/** The App Insights tables the app's telemetry lands in (OpenTelemetry through the Azure Monitor exporter). */
export const TELEMETRY_TABLES = ['customEvents', 'customMetrics', 'traces'] as const;
