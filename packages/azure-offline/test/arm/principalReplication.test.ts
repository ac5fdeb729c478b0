/**
 * Role assignments for a principal Entra ID has not replicated yet, shaped by RoleAssignments_CreateForResourceGroup
 * (Microsoft.Authorization 2022-04-01): without `principalType`, ARM looks the principal up and answers 400
 * `PrincipalNotFound` until the directory has it, so callers retry; with `principalType` it skips the lookup.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completeOnClock, FAST_POLL, startForTest, SUB, uniqueName, vmBody, type ArmTestContext } from './armTestKit';
import { control } from './controlClient';

const PROVISIONING = 30;
const REPLICATION = 120;
const READER = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`;
const SCOPE = `/subscriptions/${SUB}/resourceGroups/testrg`;
const JUST_CREATED = 'ce2ce14e-85d7-4629-bdbc-454d0519d987';
const LONG_KNOWN = 'ce2ce14e-85d7-4629-bdbc-454d0519d988';
let t: ArmTestContext;
let counter = 0;

beforeAll(async () => {
  t = await startForTest({
    seed: { resourceGroups: [{ name: 'testrg' }] },
    provisioningSeconds: PROVISIONING,
    principalReplicationSeconds: REPLICATION,
  });
});
afterAll(async () => {
  await t.emulator.stop();
});

/** A fresh assignment name per call: each assignment below is a different one. */
function assignmentName(): string {
  counter++;
  return `05c5a614-a7d6-4502-b150-${String(counter).padStart(12, '0')}`;
}

function assign(principalId: string, principalType?: string) {
  return t.authorization.roleAssignments.create(SCOPE, assignmentName(), { roleDefinitionId: READER, principalId, ...(principalType ? { principalType } : {}) });
}

describe('principals that Entra ID has not replicated yet', () => {
  it("answers PrincipalNotFound for a VM's new system-assigned identity until the replication delay has passed", async () => {
    const name = uniqueName('vm');
    const vm = await completeOnClock(t.compute.virtualMachines.createOrUpdate('testrg', name, { ...vmBody(name), identity: { type: 'SystemAssigned' } }, FAST_POLL), t.emulator, PROVISIONING);
    const principalId = vm.identity?.principalId ?? '';
    expect(vm.identity).toMatchObject({ type: 'SystemAssigned', principalId: expect.stringMatching(/^[0-9a-f-]{36}$/), tenantId: expect.any(String) });
    const early = await assign(principalId).catch((e: unknown) => e);
    expect(early).toMatchObject({ statusCode: 400, code: 'PrincipalNotFound', message: expect.stringContaining('replication delay') });

    t.emulator.clock.advance(REPLICATION - PROVISIONING);
    const retried = await assign(principalId);
    expect(retried).toMatchObject({ principalId, principalType: 'ServicePrincipal', scope: SCOPE });
  });

  it('assigns at once when the request names principalType (no directory lookup)', async () => {
    const name = uniqueName('vm');
    const vm = await completeOnClock(t.compute.virtualMachines.createOrUpdate('testrg', name, { ...vmBody(name), identity: { type: 'SystemAssigned' } }, FAST_POLL), t.emulator, PROVISIONING);
    expect(await assign(vm.identity?.principalId ?? '', 'ServicePrincipal')).toMatchObject({ principalType: 'ServicePrincipal' });
  });

  it('treats seeded principals by their age, and a principal it has never seen as created now', async () => {
    const seeded = await control(t.rest, 'POST', 'seed', { principals: [{ id: JUST_CREATED, type: 'User', ageSeconds: 0 }, { id: LONG_KNOWN, type: 'Group' }] });
    expect(seeded.status).toBe(200);
    await expect(assign(JUST_CREATED)).rejects.toMatchObject({ statusCode: 400, code: 'PrincipalNotFound' });
    expect(await assign(LONG_KNOWN)).toMatchObject({ principalType: 'Group' });
    const stranger = 'ce2ce14e-85d7-4629-bdbc-454d0519d989';
    await expect(assign(stranger)).rejects.toMatchObject({ statusCode: 400, code: 'PrincipalNotFound' });
    t.emulator.clock.advance(REPLICATION);
    expect(await assign(JUST_CREATED)).toMatchObject({ principalType: 'User' });
    expect(await assign(stranger)).toMatchObject({ principalId: stranger });
  });
});
