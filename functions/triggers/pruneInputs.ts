import type { AppContext } from '../appContext';
import type { PruneInput, PruneSnapshot, PruneTrigger } from '../contracts';
import type { ImageSpec } from '../../shared/domain/catalog';
import { pollingInput } from './buildInputs';

/** Orchestrators never read config (DESIGN.md §5): everything a prune needs is copied from the catalog here. */
export function pruneInputFor(app: AppContext, image: ImageSpec, dryRun: boolean, trigger: PruneTrigger, snapshot?: PruneSnapshot): PruneInput {
  const g = app.catalog.gallery;
  return {
    image: image.name,
    ref: { subscriptionId: g.subscriptionId, resourceGroup: g.resourceGroup, galleryName: g.name, imageName: image.name },
    retention: { ...image.retention },
    usageScopes: [...app.catalog.scopes.usage],
    allowPruneWhenShared: g.allowPruneWhenShared,
    dryRun,
    trigger,
    polling: pollingInput(app),
    ...(snapshot === undefined ? {} : { snapshot }),
  };
}

/** The definition ID of a catalog image, as VMs and scale sets reference it. */
export function pruneDefinitionId(app: AppContext, image: ImageSpec): string {
  const g = app.catalog.gallery;
  return `/subscriptions/${g.subscriptionId}/resourceGroups/${g.resourceGroup}/providers/Microsoft.Compute/galleries/${g.name}/images/${image.name}`;
}
