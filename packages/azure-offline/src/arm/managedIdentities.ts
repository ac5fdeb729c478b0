/**
 * User-assigned managed identities (Microsoft.ManagedIdentity/userAssignedIdentities), read-only and seeded: enough
 * for a client to check that an identity it is about to attach to a VM exists. Their principals are not emulated.
 */
import { createHash } from 'node:crypto';
import { resourceNotFound } from './armError';
import type { ArmRequest, ArmResponse, EmulatorContext } from './context';
import { EMULATED_TENANT_ID } from './principals';
import { normalizeRegion } from './regions';
import { envelope, requireResourceGroup, resourceGroupId } from './resourceCommon';
import type { ParsedSeed } from './seedSchema';

const TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';

/** Stable GUIDs from the ID, so a restarted emulator reports the same identity. */
function guidOf(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function getUserAssignedIdentity(ctx: EmulatorContext, req: ArmRequest): ArmResponse {
  const p = req.params;
  requireResourceGroup(ctx, p.subscriptionId ?? '', p.resourceGroupName ?? '');
  const record = ctx.store.get(`${resourceGroupId(p.subscriptionId ?? '', p.resourceGroupName ?? '')}/providers/${TYPE}/${p.name ?? ''}`, TYPE);
  if (!record) throw resourceNotFound(TYPE, p.name ?? '', p.resourceGroupName);
  return { status: 200, body: envelope(record) };
}

export function seedUserAssignedIdentities(
  ctx: EmulatorContext,
  seeds: ParsedSeed['userAssignedIdentities'],
  defaults: { subscriptionId: string; location: string },
  ensureGroup: (sub: string, rg: string, location: string) => void,
): void {
  for (const s of seeds) {
    const sub = s.subscriptionId ?? defaults.subscriptionId;
    const location = normalizeRegion(s.location ?? defaults.location);
    ensureGroup(sub, s.resourceGroup, location);
    const id = `${resourceGroupId(sub, s.resourceGroup)}/providers/${TYPE}/${s.name}`;
    ctx.store.put({
      type: TYPE,
      id,
      name: s.name,
      location,
      tags: s.tags,
      properties: { tenantId: EMULATED_TENANT_ID, principalId: guidOf(`principal:${id.toLowerCase()}`), clientId: guidOf(`client:${id.toLowerCase()}`) },
    });
  }
}
