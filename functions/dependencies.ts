import { readFileSync } from 'node:fs';
import { createAzureAdapters } from '../shared/adapters/azure/createAzureAdapters';
import { createPruneAdapters } from '../shared/adapters/azure/createPruneAdapters';
import { createComputeClientFactory, createCredential } from '../shared/adapters/azure/createAzureAdapters';
import { createDefinitionTagsAdapter } from '../shared/adapters/azure/definitionTagsAdapter';
import { createNotificationAdapter } from '../shared/adapters/azure/notificationAdapter';
import { createRbacAdapter } from '../shared/adapters/azure/rbac';
import { createGalleryInventoryAdapter } from '../shared/adapters/azure/rbacGalleryInventory';
import { noNotifications } from '../shared/ports/notificationPort';
import type { AppConfig } from '../shared/config/loadConfig';
import type { Catalog } from '../shared/domain/catalog';
import type { Ports } from './appContext';

/** The longest Retry-After an HTTP route waits out inside its own request (the SDK does so up to 3 times). */
export const ROUTE_MAX_RETRY_AFTER_SECONDS = 5;

/** The only place adapters are built: settings in, a typed bag of ports out. */
export function createDependencies(config: AppConfig, catalog: Catalog): Ports {
  const settings = {
    armEndpoint: config.armEndpoint,
    caPem: config.armCaFile === undefined ? undefined : readFileSync(config.armCaFile, 'utf8'),
    clientId: config.clientId,
    defaultSubscriptionId: catalog.gallery.subscriptionId,
    maxRetryAfterSeconds: config.armMaxRetryAfterSeconds,
  };
  const adapters = createAzureAdapters(settings);
  const routeAdapters = createAzureAdapters({ ...settings, maxRetryAfterSeconds: Math.min(settings.maxRetryAfterSeconds, ROUTE_MAX_RETRY_AFTER_SECONDS) });
  const credential = createCredential(settings.clientId);
  const computeClients = createComputeClientFactory(settings, credential);
  const handsOff = { definitionTags: createDefinitionTagsAdapter(computeClients) };
  // No topic configured is a supported production setting: notifications then go nowhere (issue 10).
  const notifications =
    config.notifyTopicEndpoint === undefined
      ? noNotifications
      : createNotificationAdapter({ endpoint: config.notifyTopicEndpoint, caPem: settings.caPem }, credential);
  const rbac = createRbacAdapter({ armEndpoint: settings.armEndpoint, caPem: settings.caPem, subscriptionId: catalog.gallery.subscriptionId }, credential);
  const galleryInventory = createGalleryInventoryAdapter(computeClients);
  const routes = { gallery: routeAdapters.gallery, compute: routeAdapters.compute };
  return { gallery: adapters.gallery, compute: adapters.compute, prune: createPruneAdapters(settings), handsOff, notifications, rbac, galleryInventory, routes };
}
