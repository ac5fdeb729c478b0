import type { BuildInput, BuildTrigger, CaptureInput, GalleryInput } from '../contracts';
import type { AppConfig } from '../../shared/config/loadConfig';
import { recipeSha256 } from '../../shared/domain/hashing';
import type { Catalog, ImageSpec } from '../../shared/domain/catalog';
import type { PollingSettings } from '../../shared/domain/polling';
import type { Ports } from '../../shared/ports/ports';

/** The slice of the app the build pipeline's triggers use (tests give fakes of just these ports). */
export interface PipelineApp {
  config: AppConfig;
  catalog: Catalog;
  ports: Pick<Ports, 'gallery' | 'compute' | 'runs'>;
}

/** What building inputs needs: settings and catalog only (the Event Grid trigger has no ports). */
export type InputSource = Pick<PipelineApp, 'config' | 'catalog'>;

/** Bounded re-tries of failed replication regions before a build reports them. */
export const MAX_REPLICATION_RETRIES = 2;

export function galleryInput(app: InputSource): GalleryInput {
  const g = app.catalog.gallery;
  return { subscriptionId: g.subscriptionId, resourceGroup: g.resourceGroup, name: g.name, location: g.location };
}

export function pollingInput(app: InputSource): PollingSettings {
  return { minSeconds: app.config.armPollMinSeconds, maxSeconds: app.config.armPollMaxSeconds };
}

/** Orchestrators never read config (docs/architecture.md#orchestrators-never-read-config): every trigger that starts a build copies what it needs here. */
export function buildInputFor(app: InputSource, image: ImageSpec, trigger: BuildTrigger, reason: string | null): BuildInput {
  return {
    image,
    gallery: galleryInput(app),
    staging: { ...app.catalog.staging },
    naming: { ...app.catalog.policy.naming },
    trigger,
    reason,
    recipeSha256: recipeSha256(image.customization),
    polling: pollingInput(app),
    maxReplicationRetries: MAX_REPLICATION_RETRIES,
    ...(app.config.runLogsContainerUri === undefined ? {} : { runLogsContainerUri: app.config.runLogsContainerUri }),
  };
}

export function captureInputFor(app: InputSource, image: ImageSpec, vmId: string, vmIdHash: string, trigger: BuildTrigger): CaptureInput {
  return {
    vmId,
    vmIdHash,
    image,
    gallery: galleryInput(app),
    captureScopes: [...app.catalog.scopes.capture],
    naming: { ...app.catalog.policy.naming },
    trigger,
    polling: pollingInput(app),
    maxReplicationRetries: MAX_REPLICATION_RETRIES,
  };
}

/** Image names are case-insensitive in ARM. */
export function findImage(app: Pick<InputSource, 'catalog'>, name: string): ImageSpec | undefined {
  return app.catalog.images.find((i) => i.name.toLowerCase() === name.toLowerCase());
}
