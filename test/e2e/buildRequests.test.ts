/**
 * What one build reads of its image definition: once, when it makes sure the definition exists. A settled
 * definition is not polled, and resetting an unset failure count reads nothing. What it creates (build VM,
 * version) is created by its first request, and replication is read at the pace regions settle. The staging group's
 * sweep is the first read of the new build VM, and the generalize is tried before any read of the deallocation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.stop();
});

describe('ARM requests of one build', () => {
  it('reads the image definition once, writes no tags to it, and creates the VM and the version without a read first', async () => {
    await stack.clearArmRequests();
    const started = await postJson(`${stack.url}/api/images/ubuntu-web/builds`, {});
    expect(started.status).toBe(202);
    const status = await runUntilDone(stack, runIdOf(started));
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const onDefinition = (await stack.armRequests()).filter((r) => /\/galleries\/[^/]+\/images\/ubuntu-web$/i.test(r.path));
    expect(onDefinition.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200']);
    // The build VM and the version are created by create-only PUTs (If-None-Match: *), with no read before them.
    const requests = await stack.armRequests();
    const createdByPut = (pattern: RegExp) => requests.filter((r) => pattern.test(r.path)).slice(0, 1).map((r) => `${r.method} ${r.status}`);
    expect(createdByPut(/\/virtualMachines\/iab[0-9a-f]{8}$/i)).toEqual(['PUT 201']);
    expect(createdByPut(/\/images\/ubuntu-web\/versions\/[^/]+$/i)).toEqual(['PUT 201']);
  });

  it('sweeps the staging group with the first read of its new VM, and generalizes without reading the deallocation first', async () => {
    await stack.clearArmRequests();
    const started = await postJson(`${stack.url}/api/images/ubuntu-web/builds`, {});
    const status = await runUntilDone(stack, runIdOf(started));
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const onVms = (await stack.armRequests())
      .filter((r) => /\/virtualMachines(\/iab[0-9a-f]{8}(\/(deallocate|generalize))?)?$/i.test(r.path))
      .map((r) => `${r.method} ${r.status} ${r.path.replace(/^.*\/virtualMachines/i, '').replace(/iab[0-9a-f]{8}/i, 'vm') || 'list'}`);
    // The list is the sweep and the check that the VM was created at once; the guest's shutdown is read (deallocating
    // a VM whose guest still deprovisions would cut it short); the generalize ARM accepts only once the VM is off.
    expect(onVms).toEqual(['PUT 201 /vm', 'GET 200 list', 'GET 200 /vm', 'POST 202 /vm/deallocate', 'POST 200 /vm/generalize', 'DELETE 202 /vm', 'GET 404 /vm']);
  });

  it('paces replication reads by the regions settled so far', async () => {
    await stack.clearArmRequests();
    const started = await postJson(`${stack.url}/api/images/ubuntu-web/builds`, {});
    const status = await runUntilDone(stack, runIdOf(started));
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const onVersion = (await stack.armRequests()).filter((r) => /\/images\/ubuntu-web\/versions\/[^/]+$/i.test(r.path)).map((r) => r.method);
    // The emulator replicates the gallery region with provisioning (30 s), then the other two 120 s each: a read
    // once the first settled (60 s), one when the pace says the second has (180 s), one at the third (270 s).
    expect(onVersion.slice(0, onVersion.indexOf('PATCH'))).toEqual(['PUT', 'GET', 'GET', 'GET']);
  });
});
