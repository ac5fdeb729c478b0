/**
 * A build whose deallocation outlasts the first generalize: ARM refuses to generalize a VM that is still
 * deallocating (409 OperationNotAllowed), and that refusal sends the build back to reading the power state, then
 * generalizing again. The emulator's operations take 90 s here, longer than the minute before the first try.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ provisioningSeconds: 90 });
});

afterAll(async () => {
  await stack?.stop();
});

describe('a build whose VM is still deallocating when it first tries to generalize', () => {
  it('reads the power state after the refused generalize, generalizes once deallocated, and publishes', async () => {
    await stack.clearArmRequests();
    const started = await postJson(`${stack.url}/api/images/ubuntu-web/builds`, {});
    const status = await runUntilDone(stack, runIdOf(started));
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    expect(status.output).toMatchObject({ promoted: true });
    const requests = await stack.armRequests();
    const onVm = requests
      .filter((r) => /\/virtualMachines\/iab[0-9a-f]{8}(\/(deallocate|generalize))?$/i.test(r.path))
      .map((r) => `${r.method} ${r.status} ${r.path.replace(/^.*\/virtualMachines\/iab[0-9a-f]{8}/i, '') || '/'}`);
    const deallocate = onVm.indexOf('POST 202 /deallocate');
    expect(onVm.slice(deallocate, deallocate + 4)).toEqual(['POST 202 /deallocate', 'POST 409 /generalize', 'GET 200 /', 'POST 200 /generalize']);
  });
});
