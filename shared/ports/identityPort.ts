/** User-assigned managed identities, read-only: a build checks the one it will give its VM before creating the VM. */
export interface IdentityPort {
  /** Whether the user-assigned identity with this ARM ID exists; other failures (403, throttling) throw. */
  userAssignedIdentityExists(identityId: string): Promise<boolean>;
}
