/**
 * Acceptance: docs/operations.md#one-run-per-image-at-a-time — the scheduled run's builds take the same `build-<image>`
 * lock as on-demand builds, so an on-demand build of an image the schedule is building answers 409 BUILD_RUNNING
 * naming that run (its parent the rebuild run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, RUN_ID } from './support/kit';
import { conflictBody, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

const JAMMY = { location: 'westeurope', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: '22.04.202612010' };
const IMAGE = 'ubuntu-2204-base';

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('on-demand build during a scheduled build', () => {
  it('answers 409 BUILD_RUNNING naming the scheduled build run', async () => {
    await client.control('POST', 'marketplace', JAMMY);
    expect((await client.api('POST', '/admin/functions/scheduledRebuild', { body: { input: '' } })).status).toBe(202);
    const runId = await client.untilRunStarted({ image: IMAGE, kind: 'build' });
    expect(runId).toMatch(RUN_ID.of('build', IMAGE));
    const scheduled = await client.untilInstanceStarted(runId);
    expect(scheduled.runtimeStatus).toMatch(/^(Pending|Running)$/);
    const [record] = await client.runs({ image: IMAGE, kind: 'build' });
    expect(record).toMatchObject({ runId, trigger: 'schedule', parentRunId: expect.stringMatching(RUN_ID.rebuildRun) });

    const res = await client.api('POST', `/api/images/${IMAGE}/builds`, { body: { reason: 'impatient' } });
    expect(res.status, res.text).toBe(409);
    const conflict = shape(conflictBody, res.body);
    expect(conflict.error.code).toBe('BUILD_RUNNING');
    expect(conflict.runId).toBe(runId);
    expect(conflict.instance.id).toBe(runId);

    const done = await client.untilInstanceTerminal(runId);
    expect(done.runtimeStatus).toBe('Completed');
    expect((done.output as { trigger?: string }).trigger).toBe('schedule');
  });
});
