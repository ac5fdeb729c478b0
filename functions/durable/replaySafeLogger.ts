import type * as df from 'durable-functions';
import { presentFields, withFields, type LogFields } from '../../shared/domain/telemetry/logLine';

export interface OrchestrationLogger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /**
   * A telemetry event (shared/domain/telemetry/names.ts) as one structured info line; the host-side bridge sends it
   * to Application Insights and records the metrics it carries. Written once, never on replay.
   */
  event(fields: LogFields & { event: string }, message?: string): void;
}

/**
 * The run's own fields (image, buildId, trigger), set once by the run's first logger and added to every line any
 * logger of the same execution writes. Keyed by the context object, which lives for one replay of one episode: each
 * replay sets the same fields from the same input before it logs (as runNotes does).
 */
const runFields = new WeakMap<df.OrchestrationContext, LogFields>();

function currentStep(ctx: df.OrchestrationContext): string | undefined {
  const status: unknown = ctx.df.customStatus;
  return typeof status === 'object' && status !== null && 'step' in status && typeof status.step === 'string' ? status.step : undefined;
}

/**
 * Logs once per orchestration step instead of once per replay. Every line is structured (`message | {fields}`,
 * shared/domain/telemetry/logLine.ts): the run ID, the step in progress, the run's fields and the line's own.
 */
export function replaySafeLogger(ctx: df.OrchestrationContext, fields?: LogFields): OrchestrationLogger {
  if (fields !== undefined) runFields.set(ctx, { ...runFields.get(ctx), ...fields });
  const quiet = () => ctx.df.isReplaying;
  // `event` first, so a reader sees what a line is before whose it is.
  // A field the line leaves undefined keeps the run's value (a notification without a build ID still names the run's).
  const line = (message: string, own: LogFields = {}) =>
    withFields(message, { event: undefined, runId: ctx.df.instanceId, step: currentStep(ctx), ...runFields.get(ctx), ...presentFields(own) });
  return {
    info: (message, own) => (quiet() ? undefined : ctx.log(line(message, own))),
    warn: (message, own) => (quiet() ? undefined : ctx.warn(line(message, own))),
    error: (message, own) => (quiet() ? undefined : ctx.error(line(message, own))),
    event: (own, message) => (quiet() ? undefined : ctx.log(line(message ?? own.event, own))),
  };
}
