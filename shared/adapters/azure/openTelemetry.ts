import type { HttpClient } from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import type { Meter } from '@opentelemetry/api';
import { withFields } from '../../domain/telemetry/logLine';
import type { MetricPoint } from '../../domain/telemetry/metricsOfEvent';
import { TELEMETRY_METRICS, type TelemetryMetric } from '../../domain/telemetry/names';
import type { EventFields, TelemetryPort } from '../../ports/telemetryPort';
import { loadMonitorOpenTelemetry, loadOpenTelemetryApi, loadOpenTelemetryLogs, onFirstUse } from './azureSdk';

export interface TelemetrySettings {
  /** APPLICATIONINSIGHTS_CONNECTION_STRING; unset → events and metrics stay in the log. */
  connectionString: string | undefined;
  /** Application Insights takes telemetry only from the app's identity (local authentication is off). */
  credential: TokenCredential;
  /** Where raised events are written as log lines; console.warn, which the Functions worker forwards to the host log. */
  writeLine?: (line: string) => void;
  /** The exporters' transport to the ingestion endpoint; default the SDK's. Tests answer ingestion in memory with it. */
  httpClient?: HttpClient;
}

const SCOPE = 'image-autopilot';

type Recorder = (value: number, dimensions: { [key: string]: string }) => void;

/** Durations are distributions (sum, count, min, max per interval); findings a scan's latest count; the rest counts. */
function instrumentOf(meter: Meter, name: TelemetryMetric): Recorder {
  switch (name) {
    case TELEMETRY_METRICS.stepDuration:
    case TELEMETRY_METRICS.replicationLatency: {
      const histogram = meter.createHistogram(name, { unit: 's' });
      return (value, dimensions) => histogram.record(value, dimensions);
    }
    case TELEMETRY_METRICS.policyFindings: {
      const gauge = meter.createGauge(name);
      return (value, dimensions) => gauge.record(value, dimensions);
    }
    default: {
      const counter = meter.createCounter(name);
      return (value, dimensions) => counter.add(value, dimensions);
    }
  }
}

/**
 * Events (`customEvents`, the Azure Monitor exporter's `microsoft.custom_event.name` attribute) and metrics
 * (`customMetrics`) through OpenTelemetry. The distro and its exporters load on the first event or metric, so a cold
 * start that records none loads none of it; without a connection string nothing is loaded at all.
 */
export function createOpenTelemetry(settings: TelemetrySettings): TelemetryPort {
  const writeLine = settings.writeLine ?? ((line: string) => console.warn(line));
  const connectionString = settings.connectionString;
  if (connectionString === undefined) {
    return { event: () => undefined, raise: (fields, message) => writeLine(withFields(message, fields)), metric: () => undefined, shutdown: () => Promise.resolve() };
  }
  let started = false;
  const otel = onFirstUse(() => {
    started = true;
    const transport = settings.httpClient === undefined ? {} : { httpClient: settings.httpClient };
    loadMonitorOpenTelemetry().useAzureMonitor({ azureMonitorExporterOptions: { connectionString, credential: settings.credential, ...transport } });
    const meter = loadOpenTelemetryApi().metrics.getMeter(SCOPE);
    const logsApi = loadOpenTelemetryLogs();
    const instruments = new Map<TelemetryMetric, Recorder>();
    return {
      logger: logsApi.logs.getLogger(SCOPE),
      info: logsApi.SeverityNumber.INFO,
      instrument: (name: TelemetryMetric): Recorder => {
        const made = instruments.get(name) ?? instrumentOf(meter, name);
        instruments.set(name, made);
        return made;
      },
    };
  });
  const event = (fields: EventFields, message: string) => {
    const { logger, info } = otel();
    // OpenTelemetry attributes have no null: a field without a value is left out, as in the log line.
    const attributes = Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string | number | boolean] => entry[1] !== null));
    logger.emit({ body: message, severityNumber: info, attributes: { ...attributes, 'microsoft.custom_event.name': fields.event } });
  };
  return {
    event,
    raise: (fields, message) => {
      writeLine(withFields(message, fields));
      event(fields, message);
    },
    metric: (point: MetricPoint) => otel().instrument(point.name)(point.value, point.dimensions),
    // Nothing to send, and nothing loaded, when no event or metric was ever recorded.
    shutdown: () => (started ? loadMonitorOpenTelemetry().shutdownAzureMonitor() : Promise.resolve()),
  };
}
