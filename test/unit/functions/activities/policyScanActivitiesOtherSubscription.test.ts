/**
 * readPolicyRbac at a subscription other than the gallery's (capture and usage scopes elsewhere): the same activity,
 * that subscription's lists, its own definitions fetched by their IDs, and no access reported as data when asked.
 */
import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoleAssignmentAdapter } from '../../../../shared/adapters/azure/roleAssignmentAdapter';
import { PortError, type PortErrorCode } from '../../../../shared/ports/portError';
import type { RoleAssignmentPort } from '../../../../shared/ports/roleAssignmentPort';
import { startArmEmulator, type ArmEmulator } from '@image-autopilot/azure-offline';
import { APP_PRINCIPAL, OTHER_SUB, SUB, SUB_SCOPE, aPrincipal } from '../../shared/domain/policy/policyBuilders';
import { createReadPolicyRbacActivity } from '../../../../functions/activities/readPolicyRbac';

const credential: TokenCredential = {
  getToken: async (): Promise<AccessToken> => ({ token: 'emulator-accepts-any-bearer', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

const OTHER_SCOPE = `/subscriptions/${OTHER_SUB}`;
const OTHER_RG = `${OTHER_SCOPE}/resourceGroups/rg-apps`;
const OTHER_ONLY_ROLE = 'cccccccc-0000-4000-8000-0000000000b1';
const RG_ONLY_ROLE = 'cccccccc-0000-4000-8000-0000000000b2';

let arm: ArmEmulator;
let rbac: RoleAssignmentPort;

beforeAll(async () => {
  arm = await startArmEmulator({
    seed: {
      defaults: { subscriptionId: SUB, location: 'westeurope' },
      resourceGroups: [{ subscriptionId: SUB, name: 'rg-images' }, { subscriptionId: OTHER_SUB, name: 'rg-apps' }],
      roleDefinitions: [
        { id: OTHER_ONLY_ROLE, roleName: 'Workload VM Reader', actions: ['Microsoft.Compute/virtualMachines/read'], assignableScopes: [OTHER_SCOPE] },
        { id: RG_ONLY_ROLE, roleName: 'Workload VM Operator', actions: ['Microsoft.Compute/virtualMachines/write'], assignableScopes: [OTHER_RG] },
      ],
      roleAssignments: [
        { scope: SUB_SCOPE, roleName: 'Owner', principalId: aPrincipal(1), principalType: 'User' },
        { scope: OTHER_SCOPE, roleName: 'Owner', principalId: aPrincipal(2), principalType: 'User' },
        { scope: OTHER_RG, roleDefinitionId: OTHER_ONLY_ROLE, principalId: APP_PRINCIPAL },
        { scope: OTHER_RG, roleDefinitionId: RG_ONLY_ROLE, principalId: aPrincipal(3) },
      ],
      defaultPlatformImages: false,
    },
  });
  // The client is built for the gallery's subscription; every call names its scope.
  rbac = createRoleAssignmentAdapter({ armEndpoint: arm.url, caPem: arm.caPem, subscriptionId: SUB }, credential);
});

afterAll(async () => {
  await arm.stop();
});

/** A port whose lists fail with the given code. */
function failingRbac(code: PortErrorCode): RoleAssignmentPort {
  const fail = async (): Promise<never> => {
    throw new PortError(code, 'list at /subscriptions/x');
  };
  return {
    listRoleAssignments: fail,
    listRoleDefinitions: fail,
    getRoleDefinitionById: async () => null,
  };
}

describe('readPolicyRbac at another subscription', () => {
  it("lists that subscription's assignments (not the gallery's) with their definitions, custom ones carrying its ID", async () => {
    const out = await createReadPolicyRbacActivity({ roleAssignments: rbac })({ scope: OTHER_SCOPE, noAccessAsFinding: true });
    expect(out.unreadable).toBeUndefined();
    expect(out.assignments.map((a) => a.principalId).sort()).toEqual([APP_PRINCIPAL, aPrincipal(2), aPrincipal(3)].sort());
    const byGuid = new Map(out.roleDefinitions.map((d) => [d.id?.split('/').pop(), d]));
    expect(byGuid.get(OTHER_ONLY_ROLE)?.id).toBe(`${OTHER_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${OTHER_ONLY_ROLE}`);
    expect(byGuid.get(RG_ONLY_ROLE)?.roleName).toBe('Workload VM Operator');
    expect(byGuid.get('8e3af657-a8ff-443c-a75c-2fe8c4bcb635')?.roleName).toBe('Owner');
  });

  it("the gallery subscription's list does not carry the other subscription's custom roles", async () => {
    const out = await createReadPolicyRbacActivity({ roleAssignments: rbac })({ scope: SUB_SCOPE });
    expect(out.assignments.map((a) => a.principalId)).toEqual([aPrincipal(1)]);
    expect(out.roleDefinitions.map((d) => d.roleName)).not.toContain('Workload VM Reader');
  });

  it('a subscription ARM does not know comes back unreadable when asked, and fails the scan otherwise', async () => {
    const missing = '/subscriptions/00000000-0000-4000-8000-00000000dead';
    const out = await createReadPolicyRbacActivity({ roleAssignments: rbac })({ scope: missing, noAccessAsFinding: true });
    expect(out).toEqual({ assignments: [], roleDefinitions: [], unreadable: expect.stringMatching(/^NOT_FOUND: /) });
    await expect(createReadPolicyRbacActivity({ roleAssignments: rbac })({ scope: missing })).rejects.toThrow(/^NOT_FOUND: /);
  });

  it.each<[PortErrorCode, boolean]>([
    ['FORBIDDEN', true],
    ['NOT_FOUND', true],
    ['THROTTLED', false],
    ['ARM_UNAVAILABLE', false],
    ['UNAUTHORIZED', false],
  ])('%s with noAccessAsFinding: reported as data = %s (anything else keeps failing, for the retry policy)', async (code, reported) => {
    const read = createReadPolicyRbacActivity({ roleAssignments: failingRbac(code) })({ scope: OTHER_SCOPE, noAccessAsFinding: true });
    if (reported) await expect(read).resolves.toEqual({ assignments: [], roleDefinitions: [], unreadable: `${code}: list at /subscriptions/x` });
    else await expect(read).rejects.toThrow(new RegExp(`^${code}: `));
  });
});
