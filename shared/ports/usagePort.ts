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
}

/** Every user in `scopes`, read one scope after the other, in scope order (duplicates across scopes kept). */
export async function listImageUsersInScopes(usage: UsagePort, scopes: readonly string[]): Promise<ImageUser[]> {
  const users: ImageUser[] = [];
  for (const scope of scopes) {
    for (const user of await usage.listImageUsers(scope)) users.push(user);
  }
  return users;
}
