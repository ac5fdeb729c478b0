import { readFileSync } from 'node:fs';
import { createComputeAdapters, createComputeClientFactory, createCredential } from '../../shared/adapters/azure/createAzureAdapters';
import { createIdentityAdapter } from '../../shared/adapters/azure/identityAdapter';
import { createNotificationAdapter } from '../../shared/adapters/azure/notificationAdapter';
import { createOpenTelemetry } from '../../shared/adapters/azure/openTelemetry';
import { createRoleAssignmentAdapter } from '../../shared/adapters/azure/roleAssignmentAdapter';
import { createRunStoreClient } from '../../shared/adapters/azure/runStoreClient';
import { createTableRunStore } from '../../shared/adapters/azure/tableRunStore';
import { withUsageSnapshot } from '../../shared/adapters/azure/usageSnapshot';
import { createWriteEpoch } from '../../shared/adapters/azure/writeEpoch';
import { noNotifications } from '../../shared/ports/notificationPort';
import type { Ports } from '../../shared/ports/ports';
import type { TelemetryPort } from '../../shared/ports/telemetryPort';
import type { AppConfig } from '../../shared/config/loadConfig';
import type { Catalog } from '../../shared/domain/catalog';

/** The longest Retry-After an HTTP route waits out inside its own request (the SDK does so up to 3 times). */
export const ROUTE_MAX_RETRY_AFTER_SECONDS = 5;

/**
 * The only place adapters are built: settings in, a typed bag of ports out. One credential (one token cache) serves
 * every client; one compute client factory per Retry-After cap: the activities' cap, and the short one of routes.
 */
export function createDependencies(config: AppConfig, catalog: Catalog, telemetry?: TelemetryPort): Ports {
  const settings = {
    armEndpoint: config.armEndpoint,
    caPem: config.armCaFile === undefined ? undefined : readFileSync(config.armCaFile, 'utf8'),
    clientId: config.clientId,
    defaultSubscriptionId: catalog.gallery.subscriptionId,
    maxRetryAfterSeconds: config.armMaxRetryAfterSeconds,
    // One count for both client factories: a write from a route drops the usage snapshot as one from an activity does.
    writes: createWriteEpoch(),
    ...(telemetry === undefined ? {} : { telemetry }),
  };
  const credential = createCredential(settings.clientId);
  const adapters = createComputeAdapters(createComputeClientFactory(settings, credential), settings.defaultSubscriptionId);
  const routeCap = Math.min(settings.maxRetryAfterSeconds, ROUTE_MAX_RETRY_AFTER_SECONDS);
  const routeAdapters = createComputeAdapters(createComputeClientFactory({ ...settings, maxRetryAfterSeconds: routeCap }, credential), settings.defaultSubscriptionId);
  // No topic configured is a supported production setting: notifications then go nowhere.
  const notifications =
    config.notifyTopicEndpoint === undefined
      ? noNotifications
      : createNotificationAdapter({ endpoint: config.notifyTopicEndpoint, caPem: settings.caPem }, credential);
  const roleAssignments = createRoleAssignmentAdapter({ armEndpoint: settings.armEndpoint, caPem: settings.caPem, subscriptionId: catalog.gallery.subscriptionId }, credential);
  return {
    gallery: adapters.gallery,
    compute: adapters.compute,
    // Dry runs within a minute share one listing per scope; apply's reads stay fresh (shared/adapters/azure/usageSnapshot.ts).
    usage: withUsageSnapshot(adapters.usage, settings.writes),
    galleryLifecycle: adapters.galleryLifecycle,
    gallerySharing: adapters.gallerySharing,
    definitionTags: adapters.definitionTags,
    notifications,
    roleAssignments,
    roleAssignmentWrites: roleAssignments,
    runs: createTableRunStore(() => createRunStoreClient(config.runStore.location, config.runStore.table, credential)),
    galleryInventory: adapters.galleryInventory,
    importSources: adapters.importSources,
    identities: createIdentityAdapter({ armEndpoint: settings.armEndpoint, caPem: settings.caPem }, credential),
    routes: { gallery: routeAdapters.gallery, compute: routeAdapters.compute, importSources: routeAdapters.importSources },
  };
}

/**
 * Events and metrics to Application Insights when the host has its connection string (docs/telemetry.md), as the
 * app's identity. A credential of its own: its tokens are for Azure Monitor, so ARM's token cache would not serve it.
 */
export function createTelemetry(config: AppConfig): TelemetryPort {
  return createOpenTelemetry({ connectionString: config.applicationInsightsConnectionString, credential: createCredential(config.clientId) });
}
