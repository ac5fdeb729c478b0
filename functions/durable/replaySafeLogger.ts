import type * as df from 'durable-functions';

export interface OrchestrationLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Logs once per orchestration step instead of once per replay. */
export function replaySafeLogger(ctx: df.OrchestrationContext): OrchestrationLogger {
  const quiet = () => ctx.df.isReplaying;
  return {
    info: (message) => (quiet() ? undefined : ctx.log(message)),
    warn: (message) => (quiet() ? undefined : ctx.warn(message)),
    error: (message) => (quiet() ? undefined : ctx.error(message)),
  };
}
