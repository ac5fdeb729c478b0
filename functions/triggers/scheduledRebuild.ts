import type { InvocationContext, Timer } from '@azure/functions';
import * as contracts from '../contracts';
import type { RebuildRunInput } from '../contracts';
import { lockKeys } from '../../shared/domain/runs/lockKeys';
import type { Ports } from '../../shared/ports/ports';
import { isRunningStatus } from '../durable/runtimeStatus';
import { buildInputFor, type InputSource } from './buildInputs';
import { tryGetStatus, type StartClient } from './http/startedResponse';
import { startRun } from './runs/startRun';
import type { ReportClient } from './latestPolicyReport';
import { checkPolicyGate } from './policyGate';
import { quoted } from '../../shared/domain/quoted';
import { runLine } from './runs/runLine';

export interface ScheduledRebuildResult {
  instanceId: string;
  started: boolean;
}

/** Everything the run needs, copied from the catalog and settings (orchestrators never read config). */
export function rebuildRunInputFor(app: InputSource, runningBuilds: string[], policyBlock?: string): RebuildRunInput {
  return {
    builds: app.catalog.images.map((image) => buildInputFor(app, image, 'schedule', null)),
    maxConcurrentBuilds: app.config.maxConcurrentBuilds,
    runningBuilds,
    ...(policyBlock === undefined ? {} : { policyBlock }),
    sweep: { subscriptionId: app.catalog.gallery.subscriptionId, resourceGroup: app.catalog.staging.resourceGroup },
  };
}

/**
 * `enforce: block` holds for scheduled builds as for on-demand ones (docs/http-api.md#scheduled-rebuild-output: recorded as `blocked`). A gate
 * that cannot be read fails closed: with blocking on, building unchecked is what the catalog asked not to do.
 */
async function policyBlockFor(app: InputSource, client: ReportClient, now: Date, context: InvocationContext): Promise<string | undefined> {
  try {
    const gate = await checkPolicyGate(client, app.catalog, now);
    return gate.blocked ? gate.message : undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    context.warn(`scheduledRebuild: the policy gate could not be read, builds are held: ${quoted(message, 500)}`);
    return `the latest policy report could not be read (${message}) and the catalog says enforce: block`;
  }
}

export type RebuildApp = InputSource & { ports: Pick<Ports, 'runs'> };

/** Images whose build lock a running run holds (store and Durable reads, not ARM): skipped by the plan instead of failing later. */
async function runningImages(app: RebuildApp, client: StartClient): Promise<string[]> {
  const statuses = await Promise.all(
    app.catalog.images.map(async (image) => {
      const holder = await app.ports.runs.readLock(lockKeys.build(image.name));
      return holder === null ? undefined : tryGetStatus(client, holder);
    }),
  );
  return app.catalog.images.filter((_, i) => {
    const status = statuses[i];
    return status !== undefined && isRunningStatus(status.runtimeStatus);
  }).map((image) => image.name);
}

/**
 * `scheduledRebuild` (`%REBUILD_SCHEDULE%`): start a rebuild run, which first sweeps orphaned build VMs
 * (docs/architecture.md#cleanup-and-the-sweeper) with durable retries and history. A rebuild run already holding the
 * `rebuild-run` lock counts as success. Reads only the run store and Durable (running builds, the latest policy
 * report), never ARM.
 */
export function createScheduledRebuildHandler(app: RebuildApp, now: () => Date = () => new Date()) {
  return async (_timer: Timer, client: StartClient & ReportClient, context: InvocationContext): Promise<ScheduledRebuildResult> => {
    const startedAt = now();
    const policyBlock = await policyBlockFor(app, client, startedAt, context);
    if (policyBlock !== undefined) context.warn(`scheduledRebuild: due images are recorded blocked, not built: ${policyBlock}`);
    const lockKey = lockKeys.rebuildRun();
    const input = { ...rebuildRunInputFor(app, await runningImages(app, client), policyBlock), runLock: lockKey };
    // One scheduled run at a time: a timer that fires again while one runs (or a manual trigger) counts as success.
    const outcome = await startRun(
      { runs: app.ports.runs, client, now },
      { kind: 'rebuild-run', orchestrator: contracts.rebuildRun.name, trigger: 'schedule', lockKey, input: () => input },
    );
    const instanceId = outcome.instanceId;
    context.log(runLine(outcome.started ? `scheduledRebuild: started ${instanceId}` : `scheduledRebuild: ${instanceId} is already ${outcome.runtimeStatus}`, outcome, { trigger: 'schedule' }));
    return { instanceId, started: outcome.started };
  };
}
