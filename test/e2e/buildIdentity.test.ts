import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCatalog, anImageNamed, SUBSCRIPTION } from '../support/builders';
import { getRunRecord, postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

// build.identity is read before the build VM is created: a missing identity fails the build at once, naming the
// field, with nothing created; an existing one is attached as before.
const identityId = (name: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
const withIdentity = anImageNamed('img-identity', { build: { identity: identityId('id-build') } });
const missingIdentity = anImageNamed('img-identity-missing', { build: { identity: identityId('id-deleted') } });

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    catalog: aCatalog({ images: [withIdentity, missingIdentity] }),
    seed: { userAssignedIdentities: [{ subscriptionId: SUBSCRIPTION, resourceGroup: 'rg-identities', name: 'id-build' }] },
  });
});
afterAll(async () => {
  await stack?.stop();
});

const build = async (image: string) => runIdOf(await postJson(`${stack.url}/api/images/${image}/builds`, {}));
const vmPuts = async () => (await stack.armRequests()).filter((r) => r.method === 'PUT' && /\/virtualMachines\/[^/]+$/i.test(r.path));

describe('build.identity', () => {
  it('a missing identity fails the build before any VM is created, naming build.identity', async () => {
    await stack.clearArmRequests();
    const runId = await build(missingIdentity.name);
    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus).toBe('Failed');
    expect(String(status.output)).toContain(`NOT_FOUND: build.identity ${identityId('id-deleted')} of image ${missingIdentity.name} does not exist`);
    const record = await getRunRecord(stack.url, runId);
    expect(record.body).toMatchObject({ status: 'Failed', error: { code: 'NOT_FOUND', message: expect.stringContaining('build.identity') } });
    expect(await vmPuts()).toEqual([]);
  });

  it('an existing identity is read, then given to the build VM, and the build completes', async () => {
    await stack.clearArmRequests();
    const runId = await build(withIdentity.name);
    const status = await runUntilDone(stack, runId);
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const requests = await stack.armRequests();
    const reads = requests.filter((r) => r.method === 'GET' && r.path.toLowerCase() === identityId('id-build').toLowerCase());
    expect(reads.map((r) => r.status)).toEqual([200]);
    expect((await vmPuts()).map((r) => r.status)).toEqual([201]);
  });
});
