/**
 * Entra ID replicates a new principal to the replicas ARM reads with a delay, so a role assignment for an identity
 * created a moment ago fails with 400 `PrincipalNotFound` and must be retried — unless the request names
 * `principalType`, which makes ARM skip the directory lookup (aka.ms/docs-principaltype). The emulator knows a
 * principal from when it was created (a VM's system-assigned identity, a seed) or first seen in a role assignment.
 */
import { badRequest } from './armError';
import type { EmulatorContext } from './context';
import { key, type ArmState, type PrincipalRecord } from './state';

/** Entra ID usually shows a new principal to ARM within seconds, sometimes only after minutes. */
export const DEFAULT_PRINCIPAL_REPLICATION_SECONDS = 30;

/** The one tenant of the emulated directory. */
export const EMULATED_TENANT_ID = '11111111-0000-4000-8000-00000000e1a1';

export function registerPrincipal(state: ArmState, id: string, type: string, createdAt: number): PrincipalRecord {
  state.principals[key(id)] ??= { id, type, createdAt };
  return state.principals[key(id)] as PrincipalRecord;
}

/**
 * The principal a role assignment names. Without `principalType` ARM looks it up in the directory, which does not
 * show it before its replication delay has passed.
 */
export function principalForAssignment(ctx: EmulatorContext, principalId: string, principalType: string | undefined, now: number): PrincipalRecord {
  const principal = registerPrincipal(ctx.store.state, principalId, principalType ?? 'ServicePrincipal', now);
  ctx.store.changed();
  const replicatedAt = principal.createdAt + ctx.settings.principalReplicationSeconds * 1000;
  if (principalType === undefined && now < replicatedAt) {
    throw badRequest(
      'PrincipalNotFound',
      `Principal ${principalId.replace(/-/g, '')} does not exist in the directory ${EMULATED_TENANT_ID}. Check that you have the correct principal ID. ` +
        'If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. ' +
        'In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group. See https://aka.ms/docs-principaltype',
    );
  }
  return principal;
}
