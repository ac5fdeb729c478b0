import type * as df from 'durable-functions';
import * as contracts from '../contracts';
import type { CreateImageVersionSpec, ImageDefinitionRef } from '../contracts';
import { callActivity } from '../durable/callActivity';
import { pollUntil, type PollingSettings } from '../durable/pollUntil';
import { replicationProgress } from './replicationProgress';

// Replication "can take hours"; a day is the point where a person should look.
const REPLICATION_TIMEOUT_SECONDS = 24 * 3600;
const PROMOTE_TIMEOUT_SECONDS = 3 * 3600;

export interface PublishRequest {
  ref: ImageDefinitionRef;
  version: string;
  spec: CreateImageVersionSpec;
  polling: PollingSettings;
  maxReplicationRetries: number;
  progress: (step: string, detail: string, percent: number) => void;
}

export interface PublishResult {
  regions: string[];
  failedRegions: string[];
  promoted: boolean;
}

/**
 * Create the version (excluded from latest) → poll until provisioned and every region settled → re-try failed
 * regions a bounded number of times → promote only when every region replicated.
 */
export function* publishVersion(ctx: df.OrchestrationContext, req: PublishRequest): Generator<df.Task, PublishResult, unknown> {
  const regionNames = req.spec.targetRegions.map((r) => r.name);
  req.progress('create-version', `creating version ${req.version} from the VM`, 70);
  yield* callActivity(ctx, contracts.createImageVersion, { ref: req.ref, version: req.version, spec: req.spec });

  let retries = 0;
  for (;;) {
    req.progress('replicate', `waiting for ${req.version} to replicate to ${regionNames.join(', ')}`, 75);
    // Each pass follows a write (the create, or a retry's update): a read at once would only see it just started.
    const view = yield* pollUntil(ctx, {
      firstReadAfterSeconds: req.polling.minSeconds,
      read: () => callActivity(ctx, contracts.readImageVersion, { ref: req.ref, version: req.version }),
      isDone: (v) => replicationProgress(v, regionNames).settled,
      polling: req.polling,
      timeoutSeconds: REPLICATION_TIMEOUT_SECONDS,
      what: `replication of ${req.ref.imageName} ${req.version}`,
    });
    const progress = replicationProgress(view, regionNames);
    if (progress.provisioningFailed) {
      throw new Error(`OPERATION_FAILED: version ${req.version} of ${req.ref.imageName} failed to provision`);
    }
    if (progress.failed.length === 0) break;
    if (retries >= req.maxReplicationRetries) {
      req.progress('replicate', `replication failed in ${progress.failed.join(', ')} after ${retries} retries; not promoted`, 95);
      return { regions: progress.completed, failedRegions: progress.failed, promoted: false };
    }
    retries += 1;
    req.progress('replicate', `retrying replication to ${progress.failed.join(', ')} (${retries}/${req.maxReplicationRetries})`, 80);
    // Updating the version with its target regions makes ARM re-try the failed ones.
    yield* callActivity(ctx, contracts.updateImageVersion, {
      ref: req.ref,
      version: req.version,
      spec: { targetRegions: req.spec.targetRegions },
    });
  }

  req.progress('promote', `promoting ${req.version} to latest`, 90);
  yield* callActivity(ctx, contracts.updateImageVersion, { ref: req.ref, version: req.version, spec: { excludeFromLatest: false } });
  yield* pollUntil(ctx, {
    firstReadAfterSeconds: req.polling.minSeconds,
    read: () => callActivity(ctx, contracts.readImageVersion, { ref: req.ref, version: req.version }),
    isDone: (v) => !v.excludeFromLatest && v.provisioningState === 'Succeeded',
    polling: req.polling,
    timeoutSeconds: PROMOTE_TIMEOUT_SECONDS,
    what: `promotion of ${req.ref.imageName} ${req.version}`,
  });
  // Never throws: a notification that cannot be published is a recorded warning, not a failed build.
  yield* contracts.notify(ctx, contracts.versionPromoted({ ...contracts.imageOf(req.ref), instanceId: ctx.df.instanceId, version: req.version, regions: regionNames }));
  return { regions: regionNames, failedRegions: [], promoted: true };
}
