import { app, type LogHookContext } from '@azure/functions';
import { FIELDS_SEPARATOR, parseLogLine } from '../../shared/domain/telemetry/logLine';
import { metricsOfEvent } from '../../shared/domain/telemetry/metricsOfEvent';
import type { TelemetryPort } from '../../shared/ports/telemetryPort';

/**
 * What the log hook does with one log: a user line with fields that names an `event` becomes a custom event, and the
 * metrics it carries are recorded. Everything else (plain lines, the host's own logs) passes untouched.
 */
export function forwardLogLine(telemetry: TelemetryPort): (context: Pick<LogHookContext, 'category' | 'message'>) => void {
  return (context) => {
    // Cheap for the plain lines that are most of the log: only a line with fields is parsed.
    if (context.category !== 'user' || !context.message.includes(FIELDS_SEPARATOR)) return;
    const parsed = parseLogLine(context.message);
    const event = parsed?.fields.event;
    if (parsed === undefined || typeof event !== 'string') return;
    telemetry.event({ ...parsed.fields, event }, parsed.message);
    for (const point of metricsOfEvent(parsed.fields)) telemetry.metric(point);
  };
}

/**
 * The host side of telemetry: every structured line a function logs (orchestrators through replaySafeLogger, so
 * never on replay) goes through one log hook. One hook instead of a telemetry call at every site keeps orchestrators
 * free of I/O and their lines the single source of what is sent.
 */
export function registerTelemetry(telemetry: TelemetryPort): void {
  app.hook.log(forwardLogLine(telemetry));
  app.hook.appTerminate(() => telemetry.shutdown());
}
