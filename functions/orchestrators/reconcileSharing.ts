import type * as df from 'durable-functions';
import * as contracts from '../contracts';
import type { ActualSharing, SharingChange, SharingInput, SharingOutput } from '../contracts';
import { callActivity, callAll } from '../durable/callActivity';
import { isCancellation } from '../durable/cancellation';
import { pollUntil } from '../durable/pollUntil';
import { setProgress } from '../durable/progress';
import { planRetry } from '../durable/retryOptions';
import { sharingChanged } from '../../shared/domain/notifications/sharingChanged';
import type { GallerySharingUpdate } from '../../shared/ports/galleryLifecyclePort';
import { notify } from './notify/notify';

/** A sharing write ARM has not shown after this long fails its changes (it normally takes seconds). */
export const SHARING_TIMEOUT_SECONDS = 30 * 60;
/** The first read after a write: the operation has just started and is not done yet. */
const FIRST_READ_AFTER_SECONDS = 15;

type Ctx = df.OrchestrationContext;

function reasonOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/** Starts one write, then reads until ARM shows its effect (docs/architecture.md#waiting-on-arm). */
function* writeAndWait(ctx: Ctx, input: SharingInput, write: contracts.UpdateGallerySharingInput, what: string, isDone: (s: ActualSharing) => boolean): Generator<df.Task, void, unknown> {
  yield* callActivity(ctx, contracts.updateGallerySharing, write);
  yield* pollUntil(ctx, {
    read: () => callActivity(ctx, contracts.readSharingState, { gallery: input.gallery, galleryId: input.desired.galleryId }),
    isDone,
    polling: input.polling,
    timeoutSeconds: SHARING_TIMEOUT_SECONDS,
    firstReadAfterSeconds: FIRST_READ_AFTER_SECONDS,
    what,
  });
}

function* applyReaders(ctx: Ctx, changes: SharingChange[], out: SharingOutput): Generator<df.Task, void, unknown> {
  const readers = changes.flatMap((c) => (c.model === 'reader' ? [c] : []));
  const results = yield* callAll(ctx, contracts.writeReaderAssignment, readers);
  readers.forEach((change, i) => {
    const result = results[i];
    if (result?.status === 'failed') out.failed.push({ change, reason: result.reason });
    else out.applied.push(change);
  });
}

function* applyDirect(ctx: Ctx, input: SharingInput, out: SharingOutput): Generator<df.Task, void, unknown> {
  const changes = out.changes.filter((c) => c.model === 'direct');
  const want = input.desired.direct;
  if (changes.length === 0 || want === undefined) return;
  const { gallery } = input;
  const ops = out.direct;
  try {
    if (ops.enableGroups) {
      yield* writeAndWait(ctx, input, { gallery, step: 'permissions', update: { permissions: 'Groups' } }, 'sharing permission Groups', (s) => s.permissions.toLowerCase() === 'groups');
    }
    const shares: GallerySharingUpdate[] = ops.reset
      ? [{ operationType: 'Reset' }]
      : [...(ops.remove.length > 0 ? [{ operationType: 'Remove' as const, groups: ops.remove }] : []), ...(ops.add.length > 0 ? [{ operationType: 'Add' as const, groups: ops.add }] : [])];
    for (const update of shares) {
      // One share operation at a time: the next starts once ARM shows this one's effect.
      const done = (s: ActualSharing) =>
        (update.groups ?? []).every((g) => {
          const have = new Set((g.type === 'Subscriptions' ? s.subscriptions : s.tenants).map((x) => x.toLowerCase()));
          return g.ids.every((id) => have.has(id.toLowerCase()) === (update.operationType === 'Add'));
        }) &&
        (update.operationType !== 'Reset' || (s.subscriptions.length === 0 && s.tenants.length === 0));
      yield* writeAndWait(ctx, input, { gallery, step: 'share', update }, `gallery share ${update.operationType}`, done);
    }
    for (const change of changes) out.applied.push(change);
  } catch (error) {
    if (isCancellation(error)) throw error;
    for (const change of changes) out.failed.push({ change, reason: reasonOf(error) });
  }
}

function* applyCommunity(ctx: Ctx, input: SharingInput, out: SharingOutput): Generator<df.Task, void, unknown> {
  const change = out.changes.find((c) => c.model === 'community');
  const community = input.desired.community;
  if (change === undefined || community === undefined) return;
  const { gallery } = input;
  try {
    const { enforce: _acknowledged, ...details } = community;
    yield* writeAndWait(ctx, input, { gallery, step: 'permissions', update: { permissions: 'Community', community: details } }, 'sharing permission Community', (s) => s.permissions.toLowerCase() === 'community');
    yield* callActivity(ctx, contracts.updateGallerySharing, { gallery, step: 'share', update: { operationType: 'EnableCommunity' } });
    out.applied.push(change);
  } catch (error) {
    if (isCancellation(error)) throw error;
    out.failed.push({ change, reason: reasonOf(error) });
  }
}

/**
 * A sharing run (docs/sharing.md#reconciliation): read (the gallery's sharing profile and the role assignments at and
 * below it) → plan (planSharing) → act. A dry run stops after the plan. Reader assignments are written side by side;
 * direct-sharing and community writes one at a time, each followed until ARM shows it. A failed change is recorded
 * (the run ends Degraded) and planned again by the next run.
 */
export function* reconcileSharingOrchestrator(ctx: Ctx, input: SharingInput): Generator<df.Task, SharingOutput, unknown> {
  setProgress(ctx, { step: 'reading', detail: 'sharing profile and role assignments', percent: 10 });
  const actual = yield* callActivity(ctx, contracts.readSharingState, { gallery: input.gallery, galleryId: input.desired.galleryId });
  setProgress(ctx, { step: 'planning', detail: `${actual.assignments.length} role assignment(s) at the gallery`, percent: 30 });
  const plan = yield* callActivity(ctx, contracts.planSharing, { desired: input.desired, actual }, planRetry());
  const out: SharingOutput = { ...plan, status: 'Completed', apply: input.apply, trigger: input.trigger, applied: [], failed: [] };
  if (!input.apply || plan.changes.length === 0) {
    setProgress(ctx, { step: 'done', detail: `${plan.summary.add} to add, ${plan.summary.remove} to remove`, percent: 100 });
    return out;
  }

  setProgress(ctx, { step: 'readers', detail: `${plan.changes.filter((c) => c.model === 'reader').length} role assignment change(s)`, percent: 40 });
  yield* applyReaders(ctx, plan.changes, out);
  setProgress(ctx, { step: 'direct', detail: 'subscriptions and tenants', percent: 60 });
  yield* applyDirect(ctx, input, out);
  setProgress(ctx, { step: 'community', detail: 'community gallery', percent: 80 });
  yield* applyCommunity(ctx, input, out);

  out.status = out.failed.length > 0 ? 'Degraded' : 'Completed';
  setProgress(ctx, { step: 'done', detail: `${out.applied.length} applied, ${out.failed.length} failed`, percent: 100 });
  const g = input.gallery;
  yield* notify(ctx, sharingChanged({ gallery: { subscriptionId: g.subscriptionId, resourceGroup: g.resourceGroup, name: g.galleryName }, instanceId: ctx.df.instanceId, trigger: input.trigger, applied: out.applied, failed: out.failed }));
  return out;
}
