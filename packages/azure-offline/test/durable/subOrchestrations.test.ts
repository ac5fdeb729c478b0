import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, countEvents, getJson, postJson, runUntilDone, startDurableHost, uniqueId, type DurableHarness } from './durableHarness';

let h: DurableHarness;
beforeAll(async () => {
  h = await startDurableHost();
});
afterAll(async () => {
  await h.stop();
});

describe('sub-orchestrations and continueAsNew', () => {
  it('runs a child that continues as new, and the parent receives the last generation’s result', async () => {
    const id = uniqueId('parent');
    await postJson(api(h.url, `orchestrators/parentOfLoop/${id}`), { until: 4 });
    const parent = await runUntilDone(h, id, 60);
    expect(parent.runtimeStatus).toBe('Completed');
    expect(parent.output).toEqual({ child: { generations: 4, lastDoubled: 6 } });
    expect(countEvents(parent, 'SubOrchestrationInstanceCreated')).toBe(1);
    expect(countEvents(parent, 'SubOrchestrationInstanceCompleted')).toBe(1);

    const child = await getJson(api(h.url, `instances/${id}-child?showHistory=true`));
    expect(child.status).toBe(200);
    const body = child.body as Record<string, unknown>;
    // The status shows the last execution: its input is the last continueAsNew input, its history only that generation.
    expect(body).toMatchObject({ name: 'counterLoop', runtimeStatus: 'Completed', input: { n: 3, until: 4 } });
    expect(countEvents(body, 'TaskScheduled')).toBe(1);
    expect(h.host.invocations('counterLoop').length).toBeGreaterThanOrEqual(8);
  });

  it('keeps a top-level loop going across generations without growing its history', async () => {
    const id = uniqueId('loop');
    await postJson(api(h.url, `orchestrators/counterLoop/${id}`), { n: 0, until: 20 });
    const status = await runUntilDone(h, id, 60);
    expect(status.output).toEqual({ generations: 20, lastDoubled: 38 });
    expect(countEvents(status, 'ExecutionStarted')).toBe(1);
  });

  it('delivers a child failure to the parent as a catchable error', async () => {
    const id = uniqueId('parent-fail');
    await postJson(api(h.url, `orchestrators/parentOfFailure/${id}`));
    const parent = await runUntilDone(h, id, 60);
    expect(parent.runtimeStatus).toBe('Completed');
    expect((parent.output as { childFailed: string }).childFailed).toContain('FLAKY: attempt 1');
    expect(countEvents(parent, 'SubOrchestrationInstanceFailed')).toBe(1);
  });
});

describe('sub-orchestration with retry', () => {
  it('starts the child again under the same instance ID until an attempt succeeds', async () => {
    const id = uniqueId('parent-retry');
    const key = uniqueId('child-key');
    await postJson(api(h.url, `orchestrators/parentRetriesChild/${id}`), { key });
    const parent = await runUntilDone(h, id, 5);
    expect(parent.runtimeStatus).toBe('Completed');
    expect(parent.output).toEqual({ child: { key, attempts: 3 } });
    expect(countEvents(parent, 'SubOrchestrationInstanceCreated')).toBe(3);
    expect(countEvents(parent, 'SubOrchestrationInstanceFailed')).toBe(2);
    const child = await getJson(api(h.url, `instances/${id}-flaky-child`));
    expect(child.body).toMatchObject({ runtimeStatus: 'Completed', output: { key, attempts: 3 } });
  });
});

describe('payloads', () => {
  it('carries strings, numbers, booleans, null, objects and arrays unchanged through activities, a child and continueAsNew', async () => {
    const id = uniqueId('payloads');
    await postJson(api(h.url, `orchestrators/payloadKinds/${id}`), { round: 0, seen: [] });
    const status = await runUntilDone(h, id, 1);
    expect(status.runtimeStatus).toBe('Completed');
    expect(status.output).toEqual(['text', '"quoted"', '', 42, 1.5, true, null, { nested: ['a', 1] }, [1, 'two'], null, { fromString: 'child text' }]);
  });
});
