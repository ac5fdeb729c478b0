import type * as df from 'durable-functions';
import { isCancellation, shielded } from '../../durable/cancellation';
import { isProgress } from '../../durable/progress';
import { buildCancelled, buildFailed, buildFinished, type PublishedFacts } from '../../../shared/domain/notifications/eventBuilders';
import type { GalleryFacts } from '../../../shared/domain/notifications/notificationDraft';
import { notify } from './notify';
import { runNotes } from './runNotes';

/** The parts of BuildInput the build's outcome events need (structural, so this module does not import contracts). */
export interface BuildNotificationInput {
  image: { name: string };
  gallery: GalleryFacts;
  trigger: string;
}

type BuildOrchestrator<I, O> = (ctx: df.OrchestrationContext, input: I) => Generator<df.Task, O, unknown>;

/**
 * Wraps the build orchestrator so every way it ends is announced: Build.Succeeded with its output (Build.Degraded
 * when the version stayed unpromoted because regions failed), Build.Failed with the error, Build.Cancelled when a
 * cancel request stopped it (then the error is re-thrown unchanged, so the orchestration still fails). Wrapping at registration
 * catches failures from any step, including those before the build publishes Build.Started, without restructuring
 * the build's own try/finally. Deterministic like any orchestrator code: it only yields and reads the context.
 */
export function withBuildNotifications<I extends BuildNotificationInput, O extends PublishedFacts>(
  build: BuildOrchestrator<I, O>,
): BuildOrchestrator<I, O> {
  return function* (ctx, input) {
    const run = { gallery: input.gallery, image: input.image.name, instanceId: ctx.df.instanceId };
    let output: O;
    try {
      output = yield* build(ctx, input);
    } catch (error) {
      const status = ctx.df.customStatus;
      const buildId = isProgress(status) && status.buildId !== undefined ? status.buildId : null;
      const facts = { ...run, version: runNotes(ctx).version, buildId, trigger: input.trigger, error };
      // Shielded: a cancel must not stop the announcement of the failure (or of the cancel itself).
      yield* shielded(ctx, () => notify(ctx, isCancellation(error) ? buildCancelled(facts) : buildFailed(facts)));
      throw error;
    }
    yield* notify(ctx, buildFinished({ ...run, output }));
    return output;
  };
}
