/** What ARM answers for a path no route serves: the missing subscription or group first, else an unknown type. */
import { ArmError, notFound } from './armError';
import type { EmulatorContext } from './context';
import { key } from './state';

export function unknownRouteError(ctx: EmulatorContext, path: string, apiVersion: string): ArmError {
  const sub = /^\/subscriptions\/([^/]+)/i.exec(path)?.[1];
  if (sub !== undefined) {
    if (!ctx.store.state.subscriptions[key(sub)]) return notFound('SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
    const rg = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(path)?.[1];
    if (rg !== undefined && !ctx.store.state.resourceGroups[key(`/subscriptions/${sub}/resourceGroups/${rg}`)]) {
      return notFound('ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
    }
  }
  const provider = /\/providers\/([^/]+)\/(.+)$/i.exec(path);
  if (provider?.[1] && provider[2]) {
    const segments = provider[2].split('/');
    const type = segments.filter((_, i) => i % 2 === 0).join('/');
    return notFound('InvalidResourceType', `The resource type '${type}' could not be found in the namespace '${provider[1]}' for api version '${apiVersion}'.`);
  }
  return new ArmError(404, 'InvalidResourceType', `The request path '${path}' does not name a resource type this endpoint serves.`);
}
