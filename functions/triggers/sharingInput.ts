import { reconcileSharing, type SharingInput, type SharingTrigger } from '../contracts';
import type { AppConfig } from '../../shared/config/loadConfig';
import type { Catalog } from '../../shared/domain/catalog';
import { lockKeys } from '../../shared/domain/runs/lockKeys';
import { desiredSharing } from '../../shared/domain/sharing/desiredSharing';
import type { RequestedBy } from '../../shared/domain/runs/runRecord';
import type { Ports } from '../../shared/ports/ports';
import type { StartClient } from './http/startedResponse';
import { requestedByField, startRun } from './runs/startRun';

export interface SharingApp {
  config: AppConfig;
  catalog: Catalog;
  ports: Pick<Ports, 'runs'>;
}

/** Orchestrators never read config: the catalog's sharing, resolved to ARM scopes, goes into the input. */
export function sharingInputFor(app: SharingApp, apply: boolean, trigger: SharingTrigger): SharingInput {
  const g = app.catalog.gallery;
  return {
    gallery: { subscriptionId: g.subscriptionId, resourceGroup: g.resourceGroup, galleryName: g.name },
    desired: desiredSharing(g),
    apply,
    trigger,
    polling: { minSeconds: app.config.armPollMinSeconds, maxSeconds: app.config.armPollMaxSeconds },
    runLock: lockKeys.share(),
  };
}

/** Starts a `share-<stamp>-<hex>` run under the `share` lock (a running one is answered instead). */
export function startSharingRun(app: SharingApp, client: StartClient, apply: boolean, trigger: SharingTrigger, requestedBy?: RequestedBy) {
  return startRun(
    { runs: app.ports.runs, client, now: () => new Date() },
    { kind: 'share', orchestrator: reconcileSharing.name, trigger, ...requestedByField(requestedBy), lockKey: lockKeys.share(), input: () => sharingInputFor(app, apply, trigger) },
  );
}
