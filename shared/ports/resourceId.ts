import { PortError } from './portError';

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  type: string;
  name: string;
}

/**
 * Parses `/subscriptions/{s}/resourceGroups/{g}/providers/{ns}/{type}/{name}` case-insensitively (Event Grid and
 * some SDKs spell `resourcegroups` in lower case). Only top-level resources: that is all callers pass.
 */
export function parseResourceId(id: string): ParsedResourceId {
  const match = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)\/?$/i.exec(id.replace(/\/{2,}/g, '/'));
  if (!match) throw new PortError('BAD_REQUEST', `not a top-level resource ID: ${JSON.stringify(id.slice(0, 300))}`);
  const [, subscriptionId, resourceGroup, provider, type, name] = match;
  if (!subscriptionId || !resourceGroup || !provider || !type || !name) {
    throw new PortError('BAD_REQUEST', `not a top-level resource ID: ${JSON.stringify(id.slice(0, 300))}`);
  }
  return { subscriptionId, resourceGroup, provider, type, name };
}
