import type { ComputeManagementClient } from '@azure/arm-compute';

/** One client per subscription: capture scopes may name other subscriptions than the gallery's. */
export type ClientFor = (subscriptionId: string) => ComputeManagementClient;
