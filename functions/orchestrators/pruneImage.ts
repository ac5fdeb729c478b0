import type * as df from 'durable-functions';
import * as contracts from '../contracts';
import type { ImageDefinitionRef, ImageUser, ImageVersionView, PruneFailure, PruneInput, PruneOutput, PrunePlanItem } from '../contracts';
import { callActivity } from '../durable/callActivity';
import { isCancellation, shielded } from '../durable/cancellation';
import { pruneApplied, pruneCancelled } from '../../shared/domain/notifications/eventBuilders';
import { imageOf } from '../../shared/domain/notifications/notificationDraft';
import { notify } from './notify/notify';
import { pollUntil } from '../durable/pollUntil';
import { setProgress } from '../durable/progress';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { planRetry } from '../durable/retryOptions';

/** A started delete that has not finished after this long is reported as failed (ARM deletes take minutes). */
export const DELETE_TIMEOUT_SECONDS = 2 * 3600;

type Ctx = df.OrchestrationContext;

function definitionIdOf(ref: ImageDefinitionRef): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.Compute/galleries/${ref.galleryName}/images/${ref.imageName}`;
}

// A failed activity arrives as an Error whose message carries the activity's `CODE: …` text.
function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

function* readSharingAndUsage(ctx: Ctx, input: PruneInput, definitionId: string): Generator<df.Task, { shared: boolean; users: ImageUser[] }, unknown> {
  if (input.snapshot) return { shared: input.snapshot.galleryShared, users: input.snapshot.users };
  const { subscriptionId, resourceGroup, galleryName } = input.ref;
  const sharing = yield* callActivity(ctx, contracts.readGallerySharing, { subscriptionId, resourceGroup, galleryName });
  // A dry run changes nothing, so its plan may come from a listing another dry run took moments ago; an applied run
  // lists afresh (and its deletions list again right before deleting).
  const usage = yield* callActivity(ctx, contracts.findImageUsage, {
    scopes: input.usageScopes,
    definitions: { [input.image]: definitionId },
    ...(input.dryRun ? { freshness: 'recent' as const } : {}),
  });
  return { shared: sharing.shared, users: usage.users[input.image] ?? [] };
}

/**
 * A prune run: read (one version list with replication status, sharing, usage by listing) → plan (the
 * retention planner in the planPrune activity) → act → report (docs/architecture.md#read-decide-act, docs/http-api.md#prune-output). A dry run stops after the plan.
 * Deprecations go in batches, deletions one version at a time; each failure is recorded, never fatal: one stuck
 * version must not keep the others. Deletions are bounded by the plan (maxDeletionsPerRun, maxDeleteShare).
 * A cancel request stops an applied run before its next batch or delete (publishing Prune.Cancelled).
 */
export function* pruneImageOrchestrator(ctx: Ctx, input: PruneInput): Generator<df.Task, PruneOutput, unknown> {
  const now = ctx.df.currentUtcDateTime.toISOString();
  const definitionId = definitionIdOf(input.ref);

  // The run's fields on every line it logs, its step events included.
  replaySafeLogger(ctx, { image: input.image, trigger: input.trigger });
  setProgress(ctx, { step: 'reading', detail: `versions and usage of ${input.image}`, percent: 5 });
  const versions = yield* callActivity(ctx, contracts.listImageVersions, input.ref);
  const { shared, users } = yield* readSharingAndUsage(ctx, input, definitionId);

  setProgress(ctx, { step: 'planning', detail: `${versions.length} version(s), ${users.length} user(s)`, percent: 30 });
  const plan = yield* callActivity(
    ctx,
    contracts.planPrune,
    {
      image: input.image,
      definitionId,
      versions,
      users,
      retention: input.retention,
      now,
      dryRun: input.dryRun,
      galleryShared: shared,
      allowPruneWhenShared: input.allowPruneWhenShared,
    },
    planRetry(),
  );
  const report: PruneOutput = { ...plan, trigger: input.trigger, galleryShared: shared, deprecated: [], deleted: [], failed: [] };
  if (input.dryRun || (plan.summary.deprecate === 0 && plan.summary.delete === 0)) {
    setProgress(ctx, { step: 'done', detail: summaryText(report), percent: 100 });
    return report;
  }

  try {
    yield* deprecateVersions(ctx, input, plan.items, report);
    const deletions = plan.items.filter((i) => i.action === 'delete').map((i) => i.version);
    if (deletions.length > 0) yield* deleteVersions(ctx, input, deletions, definitionId, now, report);
  } catch (error) {
    // What was deprecated or deleted before the cancel stays so; nothing to undo.
    if (isCancellation(error)) yield* shielded(ctx, () => notify(ctx, pruneCancelled({ ...imageOf(input.ref), instanceId: ctx.df.instanceId, trigger: input.trigger, error })));
    throw error;
  }

  setProgress(ctx, { step: 'done', detail: summaryText(report), percent: 100 });
  // Never throws: a notification that cannot be published is a recorded warning.
  yield* notify(ctx, pruneApplied({ ...imageOf(input.ref), instanceId: ctx.df.instanceId, report }));
  return report;
}

/** Deprecations per activity call: bounds history growth on a first run over a long-neglected image. */
export const DEPRECATE_BATCH = 20;

function* deprecateVersions(ctx: Ctx, input: PruneInput, items: PrunePlanItem[], report: PruneOutput): Generator<df.Task, void, unknown> {
  const batch: { version: string; endOfLifeDate: string }[] = [];
  for (const item of items) {
    if (item.action !== 'deprecate') continue;
    // The planner always sets it on `deprecate`. Never guess one: an end of life of "now" would make the version
    // deletable on the very next run, skipping the grace period the two phases exist for.
    if (item.endOfLifeDate === undefined) {
      report.failed.push({ version: item.version, action: 'deprecate', reason: 'PLAN_INVALID: the plan gave no end-of-life date' });
    } else {
      batch.push({ version: item.version, endOfLifeDate: item.endOfLifeDate });
    }
  }
  for (let start = 0; start < batch.length; start += DEPRECATE_BATCH) {
    const versions = batch.slice(start, start + DEPRECATE_BATCH);
    setProgress(ctx, { step: 'deprecating', detail: `${start + versions.length} of ${batch.length}`, percent: 40 + (20 * start) / batch.length });
    try {
      const { results } = yield* callActivity(ctx, contracts.deprecateImageVersions, { ref: input.ref, versions });
      for (const result of results) {
        if (result.status === 'deprecated') report.deprecated.push(result.version);
        else if (result.status === 'failed') report.failed.push({ version: result.version, action: 'deprecate', reason: result.reason });
      }
    } catch (error) {
      if (isCancellation(error)) throw error;
      for (const { version } of versions) report.failed.push({ version, action: 'deprecate', reason: reasonOf(error) });
    }
  }
}

function* deleteVersions(
  ctx: Ctx,
  input: PruneInput,
  deletions: string[],
  definitionId: string,
  now: string,
  report: PruneOutput,
): Generator<df.Task, void, unknown> {
  const fail = (version: string, reason: string) => report.failed.push({ version, action: 'delete', reason } satisfies PruneFailure);

  // Usage may have changed since the plan (a scale set created meanwhile): read it again right before deleting.
  setProgress(ctx, { step: 'confirming', detail: `re-reading usage for ${deletions.length} deletion(s)`, percent: 60 });
  let freshUsers: ImageUser[];
  try {
    const usage = yield* callActivity(ctx, contracts.findImageUsage, { scopes: input.usageScopes, definitions: { [input.image]: definitionId } });
    freshUsers = usage.users[input.image] ?? [];
  } catch (error) {
    if (isCancellation(error)) throw error;
    for (const version of deletions) fail(version, `USAGE_UNCONFIRMED: ${reasonOf(error)}`);
    return;
  }

  const started: string[] = [];
  for (const [index, version] of deletions.entries()) {
    setProgress(ctx, { step: 'deleting', detail: `${version} (${index + 1} of ${deletions.length})`, percent: 65 + (20 * index) / deletions.length });
    try {
      const result = yield* callActivity(ctx, contracts.deleteImageVersionIfUnused, {
        ref: input.ref,
        version,
        protectTag: input.retention.protectTag,
        now,
        users: freshUsers,
      });
      if (result.status === 'deleting') started.push(version);
      else if (result.status === 'alreadyGone') report.deleted.push(version);
      else if (result.status === 'refused' || result.status === 'failed') fail(version, result.reason);
    } catch (error) {
      if (isCancellation(error)) throw error;
      fail(version, reasonOf(error));
    }
  }
  if (started.length === 0) return;

  // Follow the deletes by listing the versions (one call for all), not a GET per version.
  setProgress(ctx, { step: 'deleting', detail: `waiting for ${started.length} delete(s) to finish`, percent: 90 });
  const pending = (list: ImageVersionView[]) => list.filter((v) => started.includes(v.name) && v.provisioningState.toLowerCase() === 'deleting');
  let remaining: ImageVersionView[];
  try {
    remaining = yield* pollUntil(ctx, {
      read: () => callActivity(ctx, contracts.listImageVersions, input.ref),
      isDone: (list) => pending(list).length === 0,
      polling: input.polling,
      timeoutSeconds: DELETE_TIMEOUT_SECONDS,
      what: `deleting ${started.join(', ')}`,
    });
  } catch (error) {
    if (isCancellation(error)) throw error;
    for (const version of started) fail(version, reasonOf(error));
    return;
  }
  for (const version of started) {
    const left = remaining.find((v) => v.name === version);
    if (left === undefined) report.deleted.push(version);
    else fail(version, `OPERATION_FAILED: the delete ended with provisioning state ${left.provisioningState}`);
  }
}

function summaryText(report: PruneOutput): string {
  const { keep, deprecate, delete: del } = report.summary;
  const acted = report.dryRun ? 'dry run' : `deprecated ${report.deprecated.length}, deleted ${report.deleted.length}, failed ${report.failed.length}`;
  return `plan: keep ${keep}, deprecate ${deprecate}, delete ${del}; ${acted}`;
}
