import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listRuns, postJson } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';

// One stack per file: the app registers once per process.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

describe('bad input never reaches ARM or Durable', () => {
  it.each([
    ['malformed JSON', 'ubuntu-web', '{"reason":', 400, 'VALIDATION_FAILED'],
    ['a schema violation', 'ubuntu-web', '{"reason":7}', 400, 'VALIDATION_FAILED'],
    ['an unknown field', 'ubuntu-web', '{"why":"x"}', 400, 'VALIDATION_FAILED'],
    ['an unknown image', 'no-such-image', '{}', 404, 'NOT_FOUND'],
  ])('build with %s → %i, no orchestration, no ARM request', async (_case, image, body, status, code) => {
    await stack.clearArmRequests();
    const response = await postJson(`${stack.url}/api/images/${image}/builds`, undefined, body);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error: { code } });
    // Nothing ran before in this stack, so any run or instance would be this request's.
    expect(await listRuns(stack.url)).toEqual([]);
    expect(stack.backend.engine.store.all().map((i) => i.instanceId)).toEqual([]);
    expect(await stack.armRequests()).toEqual([]);
  });

  it.each([
    ['not JSON', 'vmId=1'],
    ['no vmId', '{}'],
    ['a vmId that is not a VM', '{"vmId":"/subscriptions/x"}'],
  ])('capture with %s → 400, no ARM request', async (_case, body) => {
    await stack.clearArmRequests();
    const response = await postJson(`${stack.url}/api/captures`, undefined, body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(await stack.armRequests()).toEqual([]);
  });
});
