import type * as df from 'durable-functions';
import type { StepTails } from '../../../shared/domain/outputTail';

/**
 * What one orchestration execution has published so far: the last version it named (so a failure event raised by
 * withBuildNotifications, outside the build's own code, still names the version the build had planned) and the
 * warnings of publishes that failed. Keyed by the context object, which lives for one replay of one episode, so
 * every replay rebuilds the same notes from the same history: deterministic, and nothing outlives the episode.
 */
export interface RunNotes {
  version: string | null;
  warnings: string[];
  /** A build's customization steps so far with their output tails: the run record keeps them, also when it fails. */
  customization: StepTails[];
}

const notes = new WeakMap<df.OrchestrationContext, RunNotes>();

export function runNotes(ctx: df.OrchestrationContext): RunNotes {
  let found = notes.get(ctx);
  if (found === undefined) {
    found = { version: null, warnings: [], customization: [] };
    notes.set(ctx, found);
  }
  return found;
}
