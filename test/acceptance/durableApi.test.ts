/**
 * Acceptance: the Durable HTTP API under /runtime/webhooks/durabletask/ with the extension's status codes, on a real
 * build instance; and the sweeper of a scheduled run cleaning up after a terminated build (DESIGN.md §3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from './support/kit';
import { checkStatusPayload, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

const IMAGE = 'windows-2022-base';
const INSTANCES = '/runtime/webhooks/durabletask/instances';

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('Durable HTTP API', () => {
  it('answers 404 for an unknown instance', async () => {
    expect((await client.api('GET', `${INSTANCES}/build-no-such-image`)).status).toBe(404);
  });

  it('202 while running, lists by prefix and status, refuses purging a running instance (412), terminates, purges; the next scheduled run sweeps the orphaned build VM', async () => {
    const started = await client.api('POST', `/api/images/${IMAGE}/builds`, { body: { reason: 'to be terminated' } });
    expect(started.status).toBe(202);
    const payload = shape(checkStatusPayload, started.body);

    // Let the build get as far as its VM in the staging resource group.
    for (let i = 0; i < 1000 && (await client.vmNames(stack.endpoints.stagingResourceGroup)).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const buildVms = await client.vmNames(stack.endpoints.stagingResourceGroup);
    expect(buildVms).toHaveLength(1);

    const running = await client.api('GET', `${INSTANCES}/${payload.id}`);
    expect(running.status).toBe(202);
    expect(running.headers.location).toBeDefined();
    expect(running.headers['retry-after']).toMatch(/^\d+$/);

    const listed = await client.instances({ instanceIdPrefix: 'build-', runtimeStatus: 'Running' });
    expect(listed.map((i) => i.instanceId)).toEqual([payload.id]);
    expect(await client.instances({ instanceIdPrefix: 'prune-', runtimeStatus: 'Running' })).toEqual([]);

    expect((await client.api('DELETE', `${INSTANCES}/${payload.id}`)).status).toBe(412);

    const terminate = await client.api('POST', payload.terminatePostUri.replace('{text}', 'acceptance').replace(client.functions, ''));
    expect(terminate.status).toBe(202);
    const terminated = await client.untilTerminal(payload.statusQueryGetUri);
    expect(terminated.runtimeStatus).toBe('Terminated');
    expect((await client.instances({ runtimeStatus: 'Terminated' })).map((i) => i.instanceId)).toContain(payload.id);

    const purged = await client.api('DELETE', payload.purgeHistoryDeleteUri.replace(client.functions, ''));
    expect(purged.status).toBe(200);
    expect((await client.api('GET', `${INSTANCES}/${payload.id}`)).status).toBe(404);

    // Termination skips the build's cleanup: the VM is left for the sweeper at the start of a scheduled run.
    expect(await client.vmNames(stack.endpoints.stagingResourceGroup)).toEqual(buildVms);
    expect((await client.api('POST', '/admin/functions/scheduledRebuild', { body: { input: '' } })).status).toBe(202);
    const run = await client.untilInstanceStarted('rebuild-run-');
    await client.untilInstanceTerminal(run.instanceId);
    for (let i = 0; i < 300 && (await client.vmNames(stack.endpoints.stagingResourceGroup)).length > 0; i++) await client.advance(60);
    expect(await client.vmNames(stack.endpoints.stagingResourceGroup)).toEqual([]);
  });
});
