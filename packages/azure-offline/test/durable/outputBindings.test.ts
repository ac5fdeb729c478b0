/**
 * `context.extraOutputs` through the real host and Durable backend, shaped by the phone-verification sample of
 * Azure/azure-functions-durable-js: an activity that sets an output binding the local host cannot deliver fails with
 * a message naming the binding (the orchestration sees the failure), instead of the value being dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, countEvents, postJson, runUntilDone, startDurableHost, uniqueId, type DurableHarness } from './durableHarness';

let h: DurableHarness;
beforeAll(async () => {
  h = await startDurableHost();
});
afterAll(async () => {
  await h.stop();
});

describe('output bindings set through context.extraOutputs', () => {
  it('fails the activity that sets one, naming the binding and its type, and the orchestration sees it', async () => {
    const id = uniqueId('verify');
    await postJson(api(h.url, `orchestrators/verifyPhone/${id}`), '+15550123');
    const status = await runUntilDone(h, id, 1);
    expect(status.runtimeStatus).toBe('Failed');
    expect(countEvents(status, 'TaskFailed')).toBe(1);
    expect(String(status.output)).toMatch(/function 'sendSmsChallenge' set output binding 'twilioSmsOutput\w*' \(type 'twilioSms'\) through context\.extraOutputs/);
    const [invocation] = h.host.invocations('sendSmsChallenge');
    expect(invocation).toMatchObject({ status: 'failed', error: expect.stringContaining("delivers only the '$return' binding") });
  });

  it('runs an activity that declares the binding but leaves it unset', async () => {
    const id = uniqueId('quiet');
    await postJson(api(h.url, `orchestrators/verifyPhoneQuietly/${id}`), '+15550123');
    const status = await runUntilDone(h, id, 1);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toBe(4242);
  });
});
