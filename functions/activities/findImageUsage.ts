import type { FindImageUsageInput, FindImageUsageOutput } from '../contracts';
import { listImageUsersInScopes, type UsagePort } from '../../shared/ports/usagePort';
import { usersByImage } from '../../shared/domain/imageUsage';

/**
 * One list per resource type per usage scope, for any number of images and versions; the answer keeps only users of
 * the given definitions, grouped per image, so the payload stays small. A user seen through two overlapping scopes
 * (a subscription and one of its groups) is counted once.
 */
export function createFindImageUsageActivity(ports: { usage: UsagePort }) {
  return async (input: FindImageUsageInput): Promise<FindImageUsageOutput> => {
    const users = await listImageUsersInScopes(ports.usage, input.scopes, input.freshness ?? 'fresh');
    return { users: usersByImage(input.definitions, users) };
  };
}
