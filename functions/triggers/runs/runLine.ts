import { withFields } from '../../../shared/domain/telemetry/logLine';
import { TELEMETRY_EVENTS } from '../../../shared/domain/telemetry/names';

/**
 * A start's log line with its structured fields: a run started is the `Run.Started` event; one already running is
 * a plain line with the same fields, naming the run that holds it.
 */
export function runLine(message: string, outcome: { started: boolean; instanceId: string }, run: { image?: string; trigger: string }): string {
  return withFields(message, {
    event: outcome.started ? TELEMETRY_EVENTS.runStarted : undefined,
    runId: outcome.instanceId,
    image: run.image,
    trigger: run.trigger,
  });
}
