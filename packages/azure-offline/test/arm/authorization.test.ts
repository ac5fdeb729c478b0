import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForTest, SUB, type ArmTestContext } from './armTestKit';

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';
const CUSTOM = '11111111-2222-4333-8444-555555555555';
const APP = 'aaaaaaaa-0000-4000-8000-000000000001';
const ADMIN = 'aaaaaaaa-0000-4000-8000-000000000002';
const SUB_SCOPE = `/subscriptions/${SUB}`;
const RG_SCOPE = `${SUB_SCOPE}/resourceGroups/images`;
const GALLERY_SCOPE = `${RG_SCOPE}/providers/Microsoft.Compute/galleries/gal`;

let t: ArmTestContext;
beforeAll(async () => {
  t = await startForTest({
    seed: {
      resourceGroups: [{ name: 'images' }],
      galleries: [{ resourceGroup: 'images', name: 'gal' }],
      roleDefinitions: [{ id: CUSTOM, roleName: 'Image Builder', actions: ['Microsoft.Compute/galleries/images/versions/write'] }],
      roleAssignments: [
        { scope: SUB_SCOPE, roleName: 'Owner', principalId: ADMIN, principalType: 'User' },
        { scope: RG_SCOPE, roleName: 'Image Builder', principalId: APP },
        { scope: GALLERY_SCOPE, roleDefinitionId: READER, principalId: APP },
      ],
    },
  });
});
afterAll(async () => {
  await t.emulator.stop();
});

async function listAt(scope: string, filter?: string): Promise<string[]> {
  const found: string[] = [];
  for await (const a of t.authorization.roleAssignments.listForScope(scope, filter ? { filter } : {})) found.push(`${a.scope} ${a.principalId} ${a.roleDefinitionId?.split('/').pop()}`);
  return found.sort();
}

describe('role assignments and definitions through @azure/arm-authorization', () => {
  it.each([
    ['no filter: at, above and below the scope', RG_SCOPE, undefined, [`${GALLERY_SCOPE} ${APP} ${READER}`, `${RG_SCOPE} ${APP} ${CUSTOM}`, `${SUB_SCOPE} ${ADMIN} ${OWNER}`]],
    ['atScope(): at and above only', RG_SCOPE, 'atScope()', [`${RG_SCOPE} ${APP} ${CUSTOM}`, `${SUB_SCOPE} ${ADMIN} ${OWNER}`]],
    ['principalId eq', SUB_SCOPE, `principalId eq '${APP}'`, [`${GALLERY_SCOPE} ${APP} ${READER}`, `${RG_SCOPE} ${APP} ${CUSTOM}`]],
    ['atScope() and assignedTo()', GALLERY_SCOPE, `atScope() and assignedTo('${APP}')`, [`${GALLERY_SCOPE} ${APP} ${READER}`, `${RG_SCOPE} ${APP} ${CUSTOM}`]],
  ])('lists for a scope with %s', async (_what, scope, filter, expected) => {
    expect(await listAt(scope, filter)).toEqual([...expected].sort());
  });

  it('lists for the subscription', async () => {
    const all = [];
    for await (const a of t.authorization.roleAssignments.listForSubscription()) all.push(a.principalId);
    expect(all.sort()).toEqual([ADMIN, APP, APP].sort());
  });

  it('creates, gets and deletes an assignment, and refuses a duplicate', async () => {
    const name = '9d1a0c3e-1111-4aaa-8bbb-000000000001';
    const created = await t.authorization.roleAssignments.create(RG_SCOPE, name, { roleDefinitionId: `${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: ADMIN, principalType: 'User' });
    expect(created).toMatchObject({ name, scope: RG_SCOPE, principalId: ADMIN, principalType: 'User' });
    const got = await t.authorization.roleAssignments.get(RG_SCOPE, name);
    expect(got.roleDefinitionId).toBe(`${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${READER}`);
    await expect(
      t.authorization.roleAssignments.create(RG_SCOPE, '9d1a0c3e-1111-4aaa-8bbb-000000000002', { roleDefinitionId: `${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${READER}`, principalId: ADMIN }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'RoleAssignmentExists' });
    await t.authorization.roleAssignments.delete(RG_SCOPE, name);
    await expect(t.authorization.roleAssignments.get(RG_SCOPE, name)).rejects.toMatchObject({ statusCode: 404, code: 'RoleAssignmentNotFound' });
  });

  it.each([
    ['a role that does not exist', '9d1a0c3e-1111-4aaa-8bbb-000000000003', '00000000-0000-0000-0000-00000000dead', APP, 'RoleDefinitionDoesNotExist'],
    ['a name that is not a GUID', 'not-a-guid', READER, APP, 'InvalidRoleAssignmentId'],
    ['a principal that is not a GUID', '9d1a0c3e-1111-4aaa-8bbb-000000000004', READER, 'someone', 'InvalidPrincipalId'],
  ])('rejects an assignment with %s', async (_what, name, role, principalId, code) => {
    await expect(t.authorization.roleAssignments.create(RG_SCOPE, name, { roleDefinitionId: `${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${role}`, principalId })).rejects.toMatchObject({ statusCode: 400, code });
  });

  it('lists built-in and custom role definitions, filters by name, and gets one by ID', async () => {
    const names = [];
    for await (const d of t.authorization.roleDefinitions.list(SUB_SCOPE)) names.push(d.roleName);
    expect(names).toEqual(expect.arrayContaining(['Owner', 'Contributor', 'Reader', 'User Access Administrator', 'Virtual Machine Contributor', 'Compute Gallery Artifacts Publisher', 'Image Builder']));
    const filtered = [];
    for await (const d of t.authorization.roleDefinitions.list(SUB_SCOPE, { filter: "roleName eq 'Contributor'" })) filtered.push(d);
    expect(filtered).toHaveLength(1);
    expect(filtered[0]?.permissions?.[0]?.notActions).toContain('Microsoft.Compute/galleries/share/action');
    const owner = await t.authorization.roleDefinitions.get(SUB_SCOPE, OWNER);
    expect(owner).toMatchObject({ roleName: 'Owner', roleType: 'BuiltInRole', id: `${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}` });
    const custom = await t.authorization.roleDefinitions.getById(`${SUB_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM}`);
    expect(custom.permissions?.[0]?.actions).toEqual(['Microsoft.Compute/galleries/images/versions/write']);
  });
});
