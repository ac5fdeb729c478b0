/**
 * Acceptance: a scheduled run never starts a second build of an image whose build runs (issue 7): it reports the
 * image `already-running` and builds the other due ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, rebuildRunItems } from './support/kit';
import { buildOutput, checkStatusPayload, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

const JAMMY = { location: 'westeurope', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2', version: '22.04.202612010' };
const RUNNING = 'ubuntu-2204-docker';
const DUE = 'ubuntu-2204-base';

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('scheduledRebuild while a build runs', () => {
  it('reports the running image already-running, builds the other due image, and the running build finishes once', async () => {
    await client.control('POST', 'marketplace', JAMMY);
    const started = await client.api('POST', `/api/images/${RUNNING}/builds`, { body: { reason: 'before the schedule' } });
    expect(started.status).toBe(202);
    const onDemand = shape(checkStatusPayload, started.body);

    const run = await client.runScheduledRebuild();
    expect(run.runtimeStatus, JSON.stringify(run.output)).toBe('Completed');
    const decisions = Object.fromEntries(rebuildRunItems(run).map((i) => [i.image, i.status]));
    expect(decisions).toMatchObject({ [RUNNING]: 'already-running', [DUE]: 'rebuild' });

    const done = await client.untilTerminal(onDemand.statusQueryGetUri);
    expect(shape(buildOutput, done.output).trigger).toBe('http');
    const before = ['1.0.0', '1.1.0'];
    expect((await client.versionNames(RUNNING)).filter((v) => !before.includes(v))).toEqual([shape(buildOutput, done.output).version]);
  });
});
