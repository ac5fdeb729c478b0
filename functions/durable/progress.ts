import type * as df from 'durable-functions';

/** customStatus of every orchestration (DESIGN.md §3): where it is and how far, readable through the status URL. */
export interface Progress {
  step: string;
  detail: string;
  percent: number;
  /** Builds publish their build ID so the sweeper can tell their VMs from orphans. */
  buildId?: string;
}

export function setProgress(ctx: df.OrchestrationContext, progress: Progress): void {
  const percent = Math.max(0, Math.min(100, Math.round(progress.percent)));
  ctx.df.setCustomStatus({ ...progress, percent });
}

export function isProgress(value: unknown): value is Progress {
  return (
    typeof value === 'object' &&
    value !== null &&
    'step' in value &&
    typeof value.step === 'string' &&
    'percent' in value &&
    typeof value.percent === 'number'
  );
}
