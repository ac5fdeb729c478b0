import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoleAssignmentAdapter } from '../../../../../shared/adapters/azure/roleAssignmentAdapter';
import { PortError } from '../../../../../shared/ports/portError';
import type { RoleAssignmentPort } from '../../../../../shared/ports/roleAssignmentPort';
import { startArmEmulator, type ArmEmulator } from '@image-autopilot/azure-offline';

const SUB = '00000000-0000-0000-0000-0000000000aa';
const SUB_SCOPE = `/subscriptions/${SUB}`;
const RG = `${SUB_SCOPE}/resourceGroups/rg-images`;
const CUSTOM = 'cccccccc-0000-0000-0000-000000000001';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const PRINCIPAL = '22222222-2222-2222-2222-000000000001';

/** Records the scopes it is asked for, so the test can check the token scope derives from the endpoint. */
class RecordingCredential implements TokenCredential {
  readonly scopes: string[] = [];
  async getToken(scopes: string | string[], _options?: GetTokenOptions): Promise<AccessToken> {
    this.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
    return { token: 'emulator-accepts-any-bearer', expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

let arm: ArmEmulator;
let port: RoleAssignmentPort;
const credential = new RecordingCredential();

beforeAll(async () => {
  arm = await startArmEmulator({
    seed: {
      defaults: { subscriptionId: SUB, location: 'westeurope' },
      resourceGroups: [{ subscriptionId: SUB, name: 'rg-images', location: 'westeurope' }],
      roleDefinitions: [{ id: CUSTOM, roleName: 'Gallery Admin', actions: ['Microsoft.Compute/galleries/*'], assignableScopes: [RG] }],
      roleAssignments: [
        { scope: SUB_SCOPE, roleName: 'Owner', principalId: PRINCIPAL, principalType: 'User' },
        { scope: RG, roleDefinitionId: CUSTOM, principalId: PRINCIPAL },
      ],
      defaultPlatformImages: false,
    },
  });
  port = createRoleAssignmentAdapter({ armEndpoint: arm.url, caPem: arm.caPem, subscriptionId: SUB }, credential);
});

afterAll(async () => {
  await arm.stop();
});

describe('createRoleAssignmentAdapter against the emulated ARM', () => {
  it('lists every assignment in the subscription, resource groups included, as plain data', async () => {
    const items = await port.listRoleAssignments(SUB_SCOPE);
    expect(items.map((a) => [a.scope?.toLowerCase(), a.roleDefinitionId?.split('/').pop(), a.principalId, a.principalType]).sort()).toEqual(
      [
        [RG.toLowerCase(), CUSTOM, PRINCIPAL, 'ServicePrincipal'],
        [SUB_SCOPE.toLowerCase(), OWNER, PRINCIPAL, 'User'],
      ].sort(),
    );
    expect(items.every((a) => typeof a.id === 'string' && a.id.includes('/providers/Microsoft.Authorization/roleAssignments/'))).toBe(true);
  });

  it('lists built-in and custom definitions with their permissions', async () => {
    const definitions = await port.listRoleDefinitions(RG);
    const custom = definitions.find((d) => d.id?.endsWith(CUSTOM));
    expect(custom).toMatchObject({ roleName: 'Gallery Admin', roleType: 'CustomRole', permissions: [{ actions: ['Microsoft.Compute/galleries/*'] }] });
    expect(definitions.find((d) => d.id?.endsWith(OWNER))).toMatchObject({ roleName: 'Owner', roleType: 'BuiltInRole' });
  });

  it('gets a definition by ID, and answers null for one that does not exist', async () => {
    expect(await port.getRoleDefinitionById(`${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM}`)).toMatchObject({ roleName: 'Gallery Admin' });
    expect(await port.getRoleDefinitionById(`${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/dddddddd-0000-0000-0000-000000000009`)).toBeNull();
  });

  it('maps ARM errors to port errors with the code first', async () => {
    const error = await port.listRoleAssignments('/subscriptions/11111111-1111-1111-1111-111111111111').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortError);
    expect(String((error as PortError).message)).toMatch(/^NOT_FOUND: list role assignments at \/subscriptions\/1111/);
  });

  it('asks for a token scoped to the endpoint it talks to', async () => {
    await port.listRoleDefinitions(SUB_SCOPE);
    expect(new Set(credential.scopes)).toEqual(new Set([`${arm.url}/.default`]));
  });
});
