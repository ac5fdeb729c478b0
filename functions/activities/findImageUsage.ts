import type { FindImageUsageInput, FindImageUsageOutput } from '../contracts';
import type { ImageUser, UsagePort } from '../../shared/ports/usagePort';
import { referencesDefinition } from './usageByVersion';

/**
 * One list per resource type per usage scope, for any number of images and versions (issue 8); the answer keeps
 * only users of the given definitions, grouped per image, so the payload stays small. A user seen through two
 * overlapping scopes (a subscription and one of its groups) is counted once.
 */
export function createFindImageUsageActivity(ports: { prune: { usage: UsagePort } }) {
  return async (input: FindImageUsageInput): Promise<FindImageUsageOutput> => {
    const users: Record<string, ImageUser[]> = {};
    const seen: Record<string, Set<string>> = {};
    const images = Object.entries(input.definitions);
    for (const [image] of images) {
      users[image] = [];
      seen[image] = new Set();
    }
    for (const scope of input.scopes) {
      for (const user of await ports.prune.usage.listImageUsers(scope)) {
        for (const [image, definitionId] of images) {
          if (!referencesDefinition(definitionId, user.imageId)) continue;
          const key = user.id.toLowerCase();
          if (seen[image]?.has(key)) continue;
          seen[image]?.add(key);
          users[image]?.push(user);
        }
      }
    }
    return { users };
  };
}
