/** docs/http-api.md#capture-a-vm: `POST /api/captures { vmId, image? }` — image defaults to the VM's tag; only a mismatch with the tag is 400. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCapturableVm, aSeed, Client } from './support/kit';
import { buildOutput, checkStatusPayload, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

let stack: LocalStack;
let client: Client;
beforeAll(async () => {
  stack = await startLocal();
  client = new Client(stack);
});
afterAll(async () => {
  await stack?.stop();
});

describe('POST /api/captures with an explicit image', () => {
  it('captures a generalized VM without a capture tag into the image named in the body', async () => {
    await client.seed(aSeed(client, [aCapturableVm('vm-acc-no-tag', 'ubuntu-2204-docker', { tags: {} })]));
    const res = await client.api('POST', '/api/captures', { body: { vmId: client.vmId('rg-captures', 'vm-acc-no-tag'), image: 'ubuntu-2204-docker' } });
    expect(res.status, res.text).toBe(202);
    const done = await client.untilTerminal(shape(checkStatusPayload, res.body).statusQueryGetUri);
    expect(done.runtimeStatus).toBe('Completed');
    expect(shape(buildOutput, done.output).image).toBe('ubuntu-2204-docker');
  });
});
