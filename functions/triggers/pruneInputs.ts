import type { PruneInput, PruneSnapshot, PruneTrigger } from '../contracts';
import type { AppConfig } from '../../shared/config/loadConfig';
import type { Catalog, ImageSpec } from '../../shared/domain/catalog';
import type { Ports } from '../../shared/ports/ports';

/**
 * What the prune triggers use of the app: settings, catalog and the ports of the scheduled snapshot read only, so
 * the bag can grow with other features' ports without touching prune or its tests.
 */
export interface PruneApp {
  config: AppConfig;
  catalog: Catalog;
  ports: Pick<Ports, 'usage' | 'galleryLifecycle' | 'runs'>;
}

/** Orchestrators never read config (docs/architecture.md#orchestrators-never-read-config): everything a prune needs is copied from the catalog here. */
export function pruneInputFor(app: PruneApp, image: ImageSpec, dryRun: boolean, trigger: PruneTrigger, snapshot?: PruneSnapshot): PruneInput {
  const g = app.catalog.gallery;
  return {
    image: image.name,
    ref: { subscriptionId: g.subscriptionId, resourceGroup: g.resourceGroup, galleryName: g.name, imageName: image.name },
    retention: { ...image.retention },
    usageScopes: [...app.catalog.scopes.usage],
    allowPruneWhenShared: g.allowPruneWhenShared,
    dryRun,
    trigger,
    polling: { minSeconds: app.config.armPollMinSeconds, maxSeconds: app.config.armPollMaxSeconds },
    ...(snapshot === undefined ? {} : { snapshot }),
  };
}

/** The definition ID of a catalog image, as VMs and scale sets reference it. */
export function pruneDefinitionId(app: PruneApp, image: ImageSpec): string {
  const g = app.catalog.gallery;
  return `/subscriptions/${g.subscriptionId}/resourceGroups/${g.resourceGroup}/providers/Microsoft.Compute/galleries/${g.name}/images/${image.name}`;
}
