import type { LogFieldValue } from '../domain/telemetry/logLine';
import type { MetricPoint } from '../domain/telemetry/metricsOfEvent';

export type EventFields = Record<string, LogFieldValue> & { event: string };

/**
 * Where events and metrics go besides the log: Application Insights in Azure (OpenTelemetry), nowhere offline, where
 * the structured log lines are the telemetry (shared/domain/telemetry/logLine.ts).
 */
export interface TelemetryPort {
  /** An event already written as a structured log line: a custom event with its fields as dimensions. */
  event(fields: EventFields, message: string): void;
  /** An event no function logs (ARM throttling, seen in the client pipeline): written as a log line, then as `event`. */
  raise(fields: EventFields, message: string): void;
  metric(point: MetricPoint): void;
  /** Sends what is buffered and stops: the app's terminate hook, so a scaled-in instance loses no telemetry. */
  shutdown(): Promise<void>;
}
