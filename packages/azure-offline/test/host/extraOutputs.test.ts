/**
 * An HTTP function with a Storage queue output, as in the Node.js programming model v4 examples
 * (Azure/azure-functions-nodejs-library): the local host has no Storage extension, so a value set through
 * `context.extraOutputs` fails the invocation loudly — a 500, the binding named in the log — and is never dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureHost, type FixtureHost } from './support/fixtureHost';

let fixture: FixtureHost;
beforeAll(async () => {
  fixture = await startFixtureHost();
});
afterAll(async () => {
  await fixture?.host.stop();
});

describe('output bindings set through context.extraOutputs', () => {
  it('answers 500 and logs an error naming the queue binding when the function sets it', async () => {
    const response = await fetch(`${fixture.host.url}/api/enqueue`, { method: 'POST', body: 'order-1' });
    expect(response.status).toBe(500);
    const [invocation] = fixture.host.invocations('enqueue');
    expect(invocation?.status).toBe('failed');
    expect(invocation?.error).toMatch(/^function 'enqueue' set output binding 'queueOutput\w*' \(type 'queue'\) through context\.extraOutputs/);
    expect(fixture.lines.some((line) => /Exception while executing function: Functions\.enqueue\. .*type 'queue'/.test(line))).toBe(true);
  });

  it('answers normally when the function leaves the output unset', async () => {
    const response = await fetch(`${fixture.host.url}/api/enqueue`, { method: 'POST' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('Nothing to queue.');
  });
});
