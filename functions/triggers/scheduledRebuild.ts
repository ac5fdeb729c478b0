import type { InvocationContext, Timer } from '@azure/functions';
import * as contracts from '../contracts';
import type { RebuildRunInput, SweepOutput } from '../contracts';
import { createSweepBuildVmsActivity } from '../activities/sweepBuildVms';
import type { RunningBuilds } from '../../shared/ports/runningBuilds';
import { buildInstanceId, rebuildRunInstanceId } from '../durable/instanceIds';
import { isRunningStatus } from '../durable/runtimeStatus';
import { buildInputFor, type PipelineApp } from './buildInputs';
import { startUnlessRunning, tryGetStatus, type StartClient } from './http/startUnlessRunning';
import type { ReportClient } from './latestPolicyReport';
import { checkPolicyGate } from './policyGate';
import { quoted } from '../../shared/domain/quoted';

export interface ScheduledRebuildResult {
  instanceId: string;
  started: boolean;
  sweep: SweepOutput | { error: string };
}

/** Everything the run needs, copied from the catalog and settings (orchestrators never read config). */
export function rebuildRunInputFor(app: PipelineApp, runningBuilds: string[], policyBlock?: string): RebuildRunInput {
  return {
    builds: app.catalog.images.map((image) => buildInputFor(app, image, 'schedule', 'scheduled rebuild')),
    maxConcurrentBuilds: app.config.maxConcurrentBuilds,
    runningBuilds,
    ...(policyBlock === undefined ? {} : { policyBlock }),
  };
}

/**
 * `enforce: block` holds for scheduled builds as for on-demand ones (DESIGN.md §7: recorded as `blocked`). A gate
 * that cannot be read fails closed: with blocking on, building unchecked is what the catalog asked not to do.
 */
async function policyBlockFor(app: PipelineApp, client: ReportClient, now: Date, context: InvocationContext): Promise<string | undefined> {
  try {
    const gate = await checkPolicyGate(client, app.catalog, now);
    return gate.blocked ? gate.message : undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.warn(`scheduledRebuild: the policy gate could not be read, builds are held: ${quoted(message, 500)}`);
    return `the latest policy report could not be read (${message}) and the catalog says enforce: block`;
  }
}

/** Images whose `build-<image>` runs now (Durable reads, not ARM): skipped by the plan instead of failing later. */
async function runningImages(app: PipelineApp, client: StartClient): Promise<string[]> {
  const statuses = await Promise.all(app.catalog.images.map((image) => tryGetStatus(client, buildInstanceId(image.name))));
  return app.catalog.images.filter((_, i) => {
    const status = statuses[i];
    return status !== undefined && isRunningStatus(status.runtimeStatus);
  }).map((image) => image.name);
}

/**
 * `scheduledRebuild` (`%REBUILD_SCHEDULE%`): sweep orphaned build VMs (DESIGN.md §3), then start
 * `rebuild-run-<yyyymmddhhmm>`. A run of the same minute already running counts as success. A failed sweep is
 * logged and the run still starts: orphans cost money, a skipped night of patches costs more.
 */
export function createScheduledRebuildHandler(app: PipelineApp, now: () => Date = () => new Date()) {
  // `builds` is the sweeper's view of Durable (durableRunningBuilds over the same client in production).
  return async (_timer: Timer, client: StartClient & ReportClient, context: InvocationContext, builds: RunningBuilds): Promise<ScheduledRebuildResult> => {
    const sweepActivity = createSweepBuildVmsActivity(app.ports, builds);
    let sweep: ScheduledRebuildResult['sweep'];
    try {
      sweep = await sweepActivity({ subscriptionId: app.catalog.gallery.subscriptionId, resourceGroup: app.catalog.staging.resourceGroup });
      context.log(`scheduledRebuild: sweeper deleted ${sweep.deleted.length} orphaned build VM(s), kept ${sweep.kept.length}`);
    } catch (error) {
      sweep = { error: error instanceof Error ? error.message : String(error) };
      context.warn(`scheduledRebuild: sweeper failed, the run starts anyway: ${quoted(sweep.error, 500)}`);
    }
    const startedAt = now();
    const instanceId = rebuildRunInstanceId(startedAt);
    const policyBlock = await policyBlockFor(app, client, startedAt, context);
    if (policyBlock !== undefined) context.warn(`scheduledRebuild: due images are recorded blocked, not built: ${policyBlock}`);
    const input = rebuildRunInputFor(app, await runningImages(app, client), policyBlock);
    const outcome = await startUnlessRunning(client, contracts.rebuildRun.name, instanceId, input);
    context.log(outcome.started ? `scheduledRebuild: started ${instanceId}` : `scheduledRebuild: ${instanceId} is already ${outcome.runtimeStatus}`);
    return { instanceId, started: outcome.started, sweep };
  };
}
