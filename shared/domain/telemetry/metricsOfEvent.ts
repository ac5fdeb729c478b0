/**
 * The custom metrics an event carries. Events are written once (replay-safe lines, or host-side code); the host-side
 * bridge turns each into its metric points, so no metric is ever recorded from an orchestrator's replay.
 */
import type { LogFieldValue } from './logLine';
import { eventOfNotification, TELEMETRY_EVENTS, TELEMETRY_METRICS, type TelemetryMetric } from './names';
import { EVENT_TYPES } from '../notifications/eventTypes';
import { SEVERITIES } from '../policy/finding';

export interface MetricPoint {
  name: TelemetryMetric;
  value: number;
  dimensions: Record<string, string>;
}

function text(value: LogFieldValue | undefined): string {
  return value === undefined || value === null ? '' : String(value);
}

function count(value: LogFieldValue | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export function metricsOfEvent(fields: Record<string, LogFieldValue>): MetricPoint[] {
  const seconds = count(fields.durationSeconds);
  switch (fields.event) {
    case TELEMETRY_EVENTS.stepCompleted:
      if (seconds === undefined) return [];
      return [{ name: TELEMETRY_METRICS.stepDuration, value: seconds, dimensions: { image: text(fields.image), step: text(fields.step), trigger: text(fields.trigger) } }];
    case TELEMETRY_EVENTS.replicationSettled:
      if (seconds === undefined) return [];
      return [{ name: TELEMETRY_METRICS.replicationLatency, value: seconds, dimensions: { image: text(fields.image), region: text(fields.region), state: text(fields.state) } }];
    case eventOfNotification(EVENT_TYPES.pruneApplied):
      return (['deprecated', 'deleted'] as const).flatMap((action) => {
        const n = count(fields[action]);
        return n === undefined || n === 0 ? [] : [{ name: TELEMETRY_METRICS.versionsPruned, value: n, dimensions: { image: text(fields.image), action } }];
      });
    case TELEMETRY_EVENTS.policyScanned:
      return SEVERITIES.flatMap((severity) => {
        const n = count(fields[severity]);
        return n === undefined ? [] : [{ name: TELEMETRY_METRICS.policyFindings, value: n, dimensions: { severity } }];
      });
    default:
      return [];
  }
}
