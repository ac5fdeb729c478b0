/**
 * What one build reads of its image definition: once, when it makes sure the definition exists. A settled
 * definition is not polled, and resetting an unset failure count reads nothing.
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
  it('reads the image definition once and writes no tags to it', async () => {
    await stack.clearArmRequests();
    const started = await postJson(`${stack.url}/api/images/ubuntu-web/builds`, {});
    expect(started.status).toBe(202);
    const status = await runUntilDone(stack, runIdOf(started));
    expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
    const onDefinition = (await stack.armRequests()).filter((r) => /\/galleries\/[^/]+\/images\/ubuntu-web$/i.test(r.path));
    expect(onDefinition.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200']);
  });
});
