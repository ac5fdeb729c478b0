/**
 * Acceptance: the Durable HTTP API under /runtime/webhooks/durabletask/ with the extension's status codes, on a real
 * build instance; and the sweeper of a scheduled run cleaning up after a terminated build (docs/architecture.md#cleanup-and-the-sweeper).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, RUN_ID } from './support/kit';
import { shape, startedBody } from './support/contract';
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
  it('answers 404 for an unknown instance, to status, terminate and purge', async () => {
    expect((await client.api('GET', `${INSTANCES}/build-no-such-image`)).status).toBe(404);
    expect((await client.api('POST', `${INSTANCES}/build-no-such-image/terminate?reason=x`)).status).toBe(404);
    expect((await client.api('DELETE', `${INSTANCES}/build-no-such-image`)).status).toBe(404);
  });

  it('pages a listing with top and x-ms-continuation-token, and leaves out inputs with showInput=false', async () => {
    for (const image of ['ubuntu-2204-base', 'ubuntu-2204-docker']) {
      expect((await client.api('POST', `/api/images/${image}/prune?dryRun=true`)).status).toBe(200);
    }
    const first = await client.api('GET', `${INSTANCES}?instanceIdPrefix=prune-&top=1&showInput=false`);
    expect(first.status).toBe(200);
    const page1 = first.body as { instanceId: string; input: unknown }[];
    expect(page1).toHaveLength(1);
    expect(page1[0]?.input ?? null).toBeNull();
    const token = first.headers['x-ms-continuation-token'];
    expect(token).toBeTruthy();
    const second = await client.api('GET', `${INSTANCES}?instanceIdPrefix=prune-&top=1`, { headers: { 'x-ms-continuation-token': token ?? '' } });
    const page2 = second.body as { instanceId: string }[];
    expect(page2).toHaveLength(1);
    expect(page2[0]?.instanceId).not.toBe(page1[0]?.instanceId);
  });

  it('202 while running, lists by prefix and status, refuses purging a running instance (412), terminates, purges; the next scheduled run sweeps the orphaned build VM', async () => {
    const started = await client.api('POST', `/api/images/${IMAGE}/builds`, { body: { reason: 'to be terminated' } });
    expect(started.status).toBe(202);
    const payload = shape(startedBody, started.body);
    expect(payload.runId).toMatch(RUN_ID.of('build', IMAGE));

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

    expect((await client.api('POST', payload.terminatePostUri.replace('{text}', 'again').replace(client.functions, ''))).status).toBe(410);
    const raise = payload.sendEventPostUri.replace('{eventName}', 'late').replace(client.functions, '');
    expect((await client.api('POST', raise, { body: {} })).status).toBe(410);
    const purged = await client.api('DELETE', payload.purgeHistoryDeleteUri.replace(client.functions, ''));
    expect(purged.status).toBe(200);
    expect((await client.api('GET', `${INSTANCES}/${payload.id}`)).status).toBe(404);

    // Termination skips the build's cleanup: the VM is left for the sweeper at the start of a scheduled run.
    expect(await client.vmNames(stack.endpoints.stagingResourceGroup)).toEqual(buildVms);
    expect((await client.api('POST', '/admin/functions/scheduledRebuild', { body: { input: '' } })).status).toBe(202);
    const run = await client.untilRunStarted({ kind: 'rebuild-run' });
    expect(run).toMatch(RUN_ID.rebuildRun);
    await client.untilInstanceTerminal(run);
    for (let i = 0; i < 300 && (await client.vmNames(stack.endpoints.stagingResourceGroup)).length > 0; i++) await client.advance(60);
    expect(await client.vmNames(stack.endpoints.stagingResourceGroup)).toEqual([]);
  });
});
