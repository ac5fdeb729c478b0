/** One capture's identity and what every phase of a capture run uses. */
import type * as df from 'durable-functions';
import type { CaptureInput, ImageDefinitionRef } from '../contracts';
import { buildIdFromGuid } from '../durable/instanceIds';
import { setProgress } from '../durable/progress';
import { replaySafeLogger, type OrchestrationLogger } from '../durable/replaySafeLogger';

export interface CaptureRun {
  ctx: df.OrchestrationContext;
  input: CaptureInput;
  log: OrchestrationLogger;
  started: Date;
  buildId: string;
  ref: ImageDefinitionRef;
  progress: (step: string, detail: string, percent: number) => void;
  /** Seconds since the capture started, on the orchestration's clock. */
  elapsed: () => number;
}

/** Called first, before any yield: the build ID comes from a replay-safe GUID of this point in the history. */
export function startCapture(ctx: df.OrchestrationContext, input: CaptureInput): CaptureRun {
  const started = ctx.df.currentUtcDateTime;
  const buildId = buildIdFromGuid(ctx.df.newGuid(`${ctx.df.instanceId}/capture`));
  return {
    ctx,
    input,
    log: replaySafeLogger(ctx, { image: input.image.name, buildId, trigger: input.trigger }),
    started,
    buildId,
    ref: { subscriptionId: input.gallery.subscriptionId, resourceGroup: input.gallery.resourceGroup, galleryName: input.gallery.name, imageName: input.image.name },
    progress: (step, detail, percent) => setProgress(ctx, { step, detail, percent, buildId }),
    elapsed: () => Math.round((ctx.df.currentUtcDateTime.getTime() - started.getTime()) / 1000),
  };
}
