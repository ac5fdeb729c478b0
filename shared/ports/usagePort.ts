/** Who uses gallery images: the read side of safe pruning (docs/architecture.md#deleting-and-in-use). */

export type ImageUserKind = 'virtualMachine' | 'virtualMachineScaleSet';

/** A VM or scale set whose image reference is a resource ID (a gallery version or definition). */
export interface ImageUser {
  /** The VM's or scale set's resource ID. */
  id: string;
  kind: ImageUserKind;
  /** Normalized region: a definition reference resolves `latest` in the user's own region. */
  location: string;
  /** `storageProfile.imageReference.id` as ARM returned it (compare case-insensitively). */
  imageId: string;
}

export interface UsagePort {
  /**
   * Every VM and every scale set in `scope` (`/subscriptions/{id}` or `/subscriptions/{id}/resourceGroups/{name}`)
   * that references an image by ID: ONE paged list per resource type per scope, never a call per version.
   * Marketplace references are left out; they can never point at a gallery version.
   */
  listImageUsers(scope: string): Promise<ImageUser[]>;
  /**
   * The same answer, possibly from a listing of the scope taken moments ago and dropped by any write the app makes
   * (shared/adapters/azure/usageSnapshot.ts). For plans that change nothing; never for the check before a delete. A port
   * without it always lists afresh.
   */
  listRecentImageUsers?(scope: string): Promise<ImageUser[]>;
}

/** `recent`: a dry run's plan, which may use a recent snapshot; `fresh` (the default): a listing made now. */
export type UsageFreshness = 'fresh' | 'recent';

/** Every user in `scopes`, read one scope after the other, in scope order (duplicates across scopes kept). */
export async function listImageUsersInScopes(usage: UsagePort, scopes: readonly string[], freshness: UsageFreshness = 'fresh'): Promise<ImageUser[]> {
  const list = freshness === 'recent' && usage.listRecentImageUsers ? usage.listRecentImageUsers.bind(usage) : usage.listImageUsers.bind(usage);
  const users: ImageUser[] = [];
  for (const scope of scopes) {
    for (const user of await list(scope)) users.push(user);
  }
  return users;
}
