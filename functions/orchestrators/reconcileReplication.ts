import type * as df from 'durable-functions';
import type { ReconcileReplicationInput, ReconcileReplicationOutput } from '../contracts';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { cancellableTimer } from '../durable/cancellation';
import { pollUntil } from '../durable/pollUntil';
import { setProgress } from '../durable/progress';
import { replicationProgress } from './replicationProgress';

// Replication "can take hours"; like a build, a day is when a person should look.
const REPLICATION_TIMEOUT_SECONDS = 24 * 3600;

/**
 * Brings an existing version's target regions and replica counts to the catalog's (the plan from planReplication):
 * one PATCH, then durable-timer polling like a build. Storage-type differences are only reported (Azure cannot
 * change them). Never fails: the scheduled run fans these out with Task.all and reports each outcome.
 */
export function* reconcileReplicationOrchestrator(
  ctx: df.OrchestrationContext,
  input: ReconcileReplicationInput,
): Generator<df.Task, ReconcileReplicationOutput, unknown> {
  const { plan, ref, version } = input;
  const result: ReconcileReplicationOutput = {
    image: ref.imageName,
    version,
    status: 'replicated',
    added: plan.add.map((r) => r.name),
    replicaChanges: plan.replicaChanges,
    notUpdatable: plan.notUpdatable,
    failedRegions: [],
    error: null,
  };
  if (!plan.changed) return result;
  const regions = plan.targetRegions.map((r) => r.name);
  try {
    setProgress(ctx, { step: 'update', detail: `updating ${ref.imageName} ${version} to ${regions.join(', ')}`, percent: 10 });
    yield* callActivity(ctx, contracts.updateImageVersion, { ref, version, spec: { targetRegions: plan.targetRegions } });
    // The first read right after the PATCH could still show the previous, settled state.
    yield* cancellableTimer(ctx, new Date(ctx.df.currentUtcDateTime.getTime() + input.polling.minSeconds * 1000));
    setProgress(ctx, { step: 'replicate', detail: `waiting for ${version} to replicate to ${regions.join(', ')}`, percent: 50 });
    const view = yield* pollUntil(ctx, {
      read: () => callActivity(ctx, contracts.readImageVersion, { ref, version }),
      isDone: (v) => replicationProgress(v, regions).settled,
      polling: input.polling,
      timeoutSeconds: REPLICATION_TIMEOUT_SECONDS,
      what: `replication of ${ref.imageName} ${version}`,
    });
    const progress = replicationProgress(view, regions);
    result.failedRegions = progress.failed;
    if (progress.failed.length > 0) result.status = 'failed';
  } catch (error) {
    result.status = 'failed';
    result.error = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
  }
  setProgress(ctx, { step: 'done', detail: `${version}: ${result.status}`, percent: 100 });
  return result;
}
