/**
 * Acceptance: a version captured into an image that also has a build recipe stays its latest through the next
 * scheduled run when nothing moved since the last build; a newer base image still rebuilds it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCapturableVm, aSeed, Client, rebuildRunItems } from './support/kit';
import { buildOutput, checkStatusPayload, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

const DOCKER = 'ubuntu-2204-docker';
const JAMMY = { location: 'westeurope', publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku: '22_04-lts-gen2' };

let stack: LocalStack;
let client: Client;

beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('a capture between scheduled runs', () => {
  it('is kept by a run where nothing moved, and replaced once the base image moves', async () => {
    const vm = aCapturableVm('vm-acc-kept', DOCKER);
    await client.seed(aSeed(client, [vm]));
    const started = await client.api('POST', '/api/captures', { body: { vmId: client.vmId(vm.resourceGroup, vm.name) } });
    expect(started.status, started.text).toBe(202);
    const captured = shape(buildOutput, (await client.untilTerminal(shape(checkStatusPayload, started.body).statusQueryGetUri)).output);
    expect(captured.promoted).toBe(true);

    const quiet = rebuildRunItems(await client.runScheduledRebuild()).find((item) => item.image === DOCKER);
    expect(quiet?.status, JSON.stringify(quiet)).toBe('up-to-date');
    expect(quiet?.detail).toContain(`${captured.version} was captured`);
    expect((await client.versionNames(DOCKER)).at(-1)).toBe(captured.version);

    expect((await client.control('POST', 'marketplace', { ...JAMMY, version: '22.04.202612010' })).status).toBe(201);
    const moved = rebuildRunItems(await client.runScheduledRebuild()).find((item) => item.image === DOCKER);
    expect(moved).toMatchObject({ status: 'rebuild', reasons: ['base-image-changed'] });
  });
});
