import { app } from '@azure/functions';
import { FIELDS_SEPARATOR, parseLogLine } from '../../shared/domain/telemetry/logLine';
import { metricsOfEvent } from '../../shared/domain/telemetry/metricsOfEvent';
import type { TelemetryPort } from '../../shared/ports/telemetryPort';

/**
 * The host side of telemetry: every structured line a function logs that names an `event` (orchestrators through
 * replaySafeLogger, so never on replay) becomes a custom event, and the metrics it carries are recorded. One log hook
 * instead of a telemetry call at every site keeps orchestrators free of I/O and their lines the single source.
 */
export function registerTelemetry(telemetry: TelemetryPort): void {
  app.hook.log((context) => {
    // Cheap for the plain lines that are most of the log: only a line with fields is parsed.
    if (context.category !== 'user' || !context.message.includes(FIELDS_SEPARATOR)) return;
    const parsed = parseLogLine(context.message);
    const event = parsed?.fields.event;
    if (parsed === undefined || typeof event !== 'string') return;
    telemetry.event({ ...parsed.fields, event }, parsed.message);
    for (const point of metricsOfEvent(parsed.fields)) telemetry.metric(point);
  });
}
