import type { InvocationContext, Timer } from '@azure/functions';
import * as contracts from '../contracts';
import type { PruneSnapshot } from '../contracts';
import { isGalleryShared } from '../../shared/domain/gallerySharing';
import { usersByImage } from '../../shared/domain/imageUsage';
import { listImageUsersInScopes } from '../../shared/ports/usagePort';
import { lockKeys } from '../../shared/domain/runs/lockKeys';
import type { StartClient } from './http/startedResponse';
import { startRun } from './runs/startRun';
import { pruneDefinitionId, pruneInputFor, type PruneApp } from './pruneInputs';
import { quoted } from '../../shared/domain/quoted';

export interface ScheduledPruneResult {
  started: string[];
  alreadyRunning: string[];
  failed: { image: string; error: string }[];
}

/**
 * Reads sharing and usage ONCE for every catalog image, so N images cost one list per resource type per scope instead
 * of N. The same ports and domain rules as the readGallerySharing and findImageUsage activities, so the snapshot says
 * what they would. If that read fails, each orchestration reads for itself: a flaky list must not skip the night's
 * prune.
 */
async function readSnapshots(app: PruneApp, context: InvocationContext): Promise<Map<string, PruneSnapshot>> {
  const g = app.catalog.gallery;
  const snapshots = new Map<string, PruneSnapshot>();
  try {
    const permissions = await app.ports.galleryLifecycle.getGallerySharing({ subscriptionId: g.subscriptionId, resourceGroup: g.resourceGroup, galleryName: g.name });
    const definitions = Object.fromEntries(app.catalog.images.map((i) => [i.name, pruneDefinitionId(app, i)]));
    const users = usersByImage(definitions, await listImageUsersInScopes(app.ports.usage, app.catalog.scopes.usage));
    for (const image of app.catalog.images) {
      snapshots.set(image.name, { galleryShared: isGalleryShared(permissions), users: users[image.name] ?? [] });
    }
  } catch (error) {
    context.warn(`scheduledPrune: shared usage read failed, each prune reads its own: ${quoted(error, 500)}`);
    snapshots.clear();
  }
  return snapshots;
}

/**
 * `scheduledPrune` (`%PRUNE_SCHEDULE%`): one prune run per catalog image — applied where the image's
 * retention says `mode: apply`, a dry run (its plan kept as the run's output) everywhere else. An image whose prune
 * lock a running prune holds counts as success (docs/operations.md#one-run-per-image-at-a-time); one image failing to
 * start does not stop the others.
 */
export function createScheduledPruneHandler(app: PruneApp) {
  return async (_timer: Timer, client: StartClient, context: InvocationContext): Promise<ScheduledPruneResult> => {
    const snapshots = await readSnapshots(app, context);
    const result: ScheduledPruneResult = { started: [], alreadyRunning: [], failed: [] };
    for (const image of app.catalog.images) {
      try {
        const lockKey = lockKeys.prune(image.name);
        const input = { ...pruneInputFor(app, image, image.retention.mode !== 'apply', 'schedule', snapshots.get(image.name)), runLock: lockKey };
        const outcome = await startRun(
          { runs: app.ports.runs, client, now: () => new Date() },
          { kind: 'prune', orchestrator: contracts.pruneImage.name, trigger: 'schedule', image: image.name, lockKey, input: () => input },
        );
        (outcome.started ? result.started : result.alreadyRunning).push(outcome.instanceId);
      } catch (error) {
        result.failed.push({ image: image.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    context.log(`scheduledPrune: started ${result.started.length}, already running ${result.alreadyRunning.length}, failed ${result.failed.length}`);
    if (result.failed.length > 0) {
      throw new Error(`scheduledPrune: could not start ${result.failed.map((f) => `${f.image} (${f.error})`).join('; ')}`);
    }
    return result;
  };
}
