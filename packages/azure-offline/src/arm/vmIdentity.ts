/**
 * A VM's managed identity (top-level `identity`). A system-assigned identity is a new service principal in the
 * directory, created with the VM: role assignments for it meet the directory's replication delay (principals.ts).
 * User-assigned identities are kept as sent: their existence is not checked here (a build reads them first, managedIdentities.ts).
 */
import { randomUUID } from 'node:crypto';
import { badRequest } from './armError';
import { isObject, type JsonObject } from './json';
import { EMULATED_TENANT_ID, registerPrincipal } from './principals';
import type { ArmState } from './state';

const TYPES = ['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned'];

export function readVmIdentity(state: ArmState, body: JsonObject, now: number): JsonObject | undefined {
  const given = body.identity;
  if (given === undefined || given === null) return undefined;
  if (!isObject(given)) throw badRequest('InvalidParameter', "'identity' must be a JSON object.");
  const type = TYPES.find((t) => t.toLowerCase() === String(given.type ?? '').replace(/\s*,\s*/g, ', ').toLowerCase());
  if (!type) throw badRequest('InvalidParameter', `'identity.type' must be one of ${TYPES.join(', ')}; got '${String(given.type)}'.`);
  if (type === 'None') return undefined;
  const users = given.userAssignedIdentities;
  if (type.includes('UserAssigned') && !isObject(users)) {
    throw badRequest('InvalidParameter', "'identity.userAssignedIdentities' is required when 'identity.type' includes UserAssigned.");
  }
  const identity: JsonObject = { type };
  if (type.includes('SystemAssigned')) {
    identity.principalId = randomUUID();
    identity.tenantId = EMULATED_TENANT_ID;
    registerPrincipal(state, identity.principalId, 'ServicePrincipal', now);
  }
  if (isObject(users)) identity.userAssignedIdentities = users;
  return identity;
}
