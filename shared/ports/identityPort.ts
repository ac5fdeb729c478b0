/** User-assigned managed identities, read-only: a build checks the one it will give its VM before creating the VM. */
export interface IdentityPort {
  /**
   * The user-assigned identity with this ARM ID, null when it does not exist; other failures (403, throttling) throw.
   * The client ID is what a run command names to write its output blobs as that identity.
   */
  readUserAssignedIdentity(identityId: string): Promise<{ clientId: string | undefined } | null>;
}
