import type * as df from 'durable-functions';
import * as contracts from '../contracts';
import type { CreateImageVersionSpec, ImageDefinitionRef, VersionReplan } from '../contracts';
import { BUILD_TAG } from '../../shared/domain/tags';
import { versionPromoted } from '../../shared/domain/notifications/eventBuilders';
import { imageOf } from '../../shared/domain/notifications/notificationDraft';
import { notify } from './notify/notify';
import { callActivity } from '../durable/callActivity';
import { shielded } from '../durable/cancellation';
import { pollUntil, type PollingSettings } from '../durable/pollUntil';
import { noteFailingStep } from '../durable/progress';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { replicationPaceSeconds, replicationProgress, type ReplicationProgress } from './replicationProgress';
import { TELEMETRY_EVENTS } from '../../shared/domain/telemetry/names';
import { quoted } from '../../shared/domain/quoted';

// Replication "can take hours"; a day is the point where a person should look.
const REPLICATION_TIMEOUT_SECONDS = 24 * 3600;
const PROMOTE_TIMEOUT_SECONDS = 3 * 3600;
const VERSION_DELETE_TIMEOUT_SECONDS = 3600;
/**
 * How many times a run plans the next free version after its planned one was taken by another build or capture.
 * Each conflict means another run created a version between our list and our PUT; more than a few in a row is not
 * a race but something to look at.
 */
export const MAX_VERSION_REPLANS = 3;

type Progress = (step: string, detail: string, percent: number) => void;

export interface PublishRequest {
  ref: ImageDefinitionRef;
  version: string;
  spec: CreateImageVersionSpec;
  polling: PollingSettings;
  maxReplicationRetries: number;
  progress: Progress;
  /** Plans the next free version after a conflict; `taken` lists every name found taken so far. */
  replan: (taken: readonly string[]) => Generator<df.Task, string, unknown>;
  /** false: stop once every region replicated (a validation gate promotes later, with promoteToLatest). Default true. */
  promote?: boolean;
}

export interface PublishResult {
  /** The version created: the planned one, or the last re-plan's. */
  version: string;
  regions: string[];
  failedRegions: string[];
  promoted: boolean;
  replanned: VersionReplan[];
}

/**
 * Create the version (excluded from latest; on a conflict with another run's version, re-plan a bounded number of
 * times) → follow it to promotion (followVersion). When the run fails after it may have created its version, that
 * version is deleted before the error goes on (deleteOwnVersion), so a failed run leaves no orphan.
 */
export function* publishVersion(ctx: df.OrchestrationContext, req: PublishRequest): Generator<df.Task, PublishResult, unknown> {
  const buildId = req.spec.tags[BUILD_TAG] ?? '';
  const replanned: VersionReplan[] = [];
  let version = req.version;
  // The version whose PUT this run may have sent: only that one is ever cleaned up, and only if it carries our build ID.
  let mine: string | null = null;
  try {
    for (;;) {
      req.progress('create-version', `creating version ${version} from the VM`, 70);
      mine = version;
      const created = yield* callActivity(ctx, contracts.createImageVersion, { ref: req.ref, version, spec: req.spec });
      if (created.status !== 'conflict') break;
      mine = null;
      const taken = [...replanned.map((r) => r.version), version];
      if (replanned.length >= MAX_VERSION_REPLANS) {
        throw new Error(`${created.detail}; versions ${taken.join(', ')} were all taken by other runs, gave up after ${MAX_VERSION_REPLANS} re-plans`);
      }
      const next = yield* req.replan(taken);
      replanned.push({ version, next, reason: created.detail });
      replaySafeLogger(ctx).warn(`${created.detail}; re-planned as ${next}`);
      req.progress('create-version', `version ${version} was taken meanwhile (${created.detail}); re-planned as ${next}`, 70);
      version = next;
    }
    const followed = yield* followVersion(ctx, {
      ref: req.ref,
      version,
      targetRegions: req.spec.targetRegions,
      polling: req.polling,
      maxReplicationRetries: req.maxReplicationRetries,
      progress: req.progress,
      justWritten: true,
      ...(req.promote === false ? { promote: false } : {}),
    });
    return { ...followed, version, replanned };
  } catch (error) {
    // Deleting the version replaces customStatus: remember which step failed first.
    noteFailingStep(ctx);
    const own = mine;
    // Shielded: a cancel stops the run, never the delete of the version it created.
    if (own !== null && buildId !== '') yield* shielded(ctx, () => deleteOwnVersion(ctx, req.ref, own, buildId, req.polling, req.progress));
    throw error;
  }
}

export interface FollowRequest {
  ref: ImageDefinitionRef;
  version: string;
  targetRegions: CreateImageVersionSpec['targetRegions'];
  polling: PollingSettings;
  maxReplicationRetries: number;
  progress: Progress;
  /** The version was written just now (its first read waits one poll interval); false when resuming one found as it is. */
  justWritten: boolean;
  /** false: return unpromoted once every region replicated (see PublishRequest.promote). Default true. */
  promote?: boolean;
}

export interface FollowResult {
  regions: string[];
  failedRegions: string[];
  promoted: boolean;
}

/**
 * Each region's replication latency, once per region and pass: from the pass's start to the read that saw it settle,
 * so an upper bound by at most one poll interval. A failed region retried is measured again from its retry.
 */
function replicationSettled(ctx: df.OrchestrationContext, req: FollowRequest, progress: ReplicationProgress, seen: Set<string>, passStarted: number): void {
  const durationSeconds = Math.max(0, Math.round((ctx.df.currentUtcDateTime.getTime() - passStarted) / 1000));
  const log = replaySafeLogger(ctx);
  for (const [state, regions] of [['Completed', progress.completed], ['Failed', progress.failed]] as const) {
    for (const region of regions) {
      if (seen.has(region)) continue;
      if (state === 'Completed') seen.add(region);
      log.event({ event: TELEMETRY_EVENTS.replicationSettled, image: req.ref.imageName, version: req.version, region, state, durationSeconds }, `replication of ${req.version} to ${region}: ${state} after ${durationSeconds} s`);
    }
  }
}

/**
 * Poll until provisioned and every region settled → re-try failed regions a bounded number of times → promote only
 * when every region replicated. Also how a capture resumes a version an interrupted run left unpromoted.
 */
export function* followVersion(ctx: df.OrchestrationContext, req: FollowRequest): Generator<df.Task, FollowResult, unknown> {
  const regionNames = req.targetRegions.map((r) => r.name);
  const settledRegions = new Set<string>();
  let retries = 0;
  let justWritten = req.justWritten;
  for (;;) {
    req.progress('replicate', `waiting for ${req.version} to replicate to ${regionNames.join(', ')}`, 75);
    const passStarted = ctx.df.currentUtcDateTime.getTime();
    // Each pass after a write (the create, or a retry's update) waits first: a read at once would only see it just started.
    const view = yield* pollUntil(ctx, {
      ...(justWritten ? { firstReadAfterSeconds: req.polling.minSeconds } : {}),
      read: () => callActivity(ctx, contracts.readImageVersion, { ref: req.ref, version: req.version }),
      isDone: (v) => replicationProgress(v, regionNames).settled,
      // Paced by the regions settled so far: no read where the pace says nothing new can have settled yet.
      retryAfterSeconds: (v) => replicationPaceSeconds(replicationProgress(v, regionNames), (ctx.df.currentUtcDateTime.getTime() - passStarted) / 1000, req.polling.maxSeconds),
      polling: req.polling,
      timeoutSeconds: REPLICATION_TIMEOUT_SECONDS,
      what: `replication of ${req.ref.imageName} ${req.version}`,
    });
    const progress = replicationProgress(view, regionNames);
    replicationSettled(ctx, req, progress, settledRegions, passStarted);
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
      spec: { targetRegions: req.targetRegions },
    });
    justWritten = true;
  }

  if (req.promote === false) return { regions: regionNames, failedRegions: [], promoted: false };
  yield* promoteToLatest(ctx, { ref: req.ref, version: req.version, regions: regionNames, polling: req.polling, progress: req.progress });
  return { regions: regionNames, failedRegions: [], promoted: true };
}

/** PATCH excludeFromLatest false → poll until ARM applied it → Version.Promoted. Only for a version replicated everywhere. */
export function* promoteToLatest(
  ctx: df.OrchestrationContext,
  req: { ref: ImageDefinitionRef; version: string; regions: string[]; polling: PollingSettings; progress: Progress },
): Generator<df.Task, void, unknown> {
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
  yield* notify(ctx, versionPromoted({ ...imageOf(req.ref), instanceId: ctx.df.instanceId, version: req.version, regions: req.regions }));
}

/**
 * The failing or cancelled run's cleanup of its own version, like the build VM's delete in a finally: start the DELETE (the
 * activity refuses another run's or a promoted version) and poll until it is gone. Best effort: a cleanup that
 * fails is logged, and the run's own error is what it reports.
 */
export function* deleteOwnVersion(
  ctx: df.OrchestrationContext,
  ref: ImageDefinitionRef,
  version: string,
  buildId: string,
  polling: PollingSettings,
  progress: Progress,
): Generator<df.Task, void, unknown> {
  const log = replaySafeLogger(ctx);
  progress('cleanup-version', `deleting version ${version}, which this run created before it failed or was cancelled`, 96);
  try {
    const last = yield* pollUntil(ctx, {
      read: () => callActivity(ctx, contracts.deleteOwnImageVersion, { ref, version, buildId }),
      isDone: (r) => r.status !== 'deleting',
      polling,
      timeoutSeconds: VERSION_DELETE_TIMEOUT_SECONDS,
      what: `deletion of ${ref.imageName} ${version}`,
    });
    if (last.status === 'kept') log.warn(`version ${version} of ${ref.imageName} left in place: ${quoted(last.reason, 500)}`);
    else log.info(`version ${version} of ${ref.imageName}, created by failed build ${buildId}, deleted`);
  } catch (error) {
    log.error(`cleanup of version ${version} of ${ref.imageName} failed: ${quoted(error, 500)}`);
  }
}
