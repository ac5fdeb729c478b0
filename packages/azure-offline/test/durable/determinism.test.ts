import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, postJson, runUntilDone, startDurableHost, uniqueId, type DurableHarness } from './durableHarness';
import { replayInstance, scheduleMismatches } from '../../src/host/durable/replay';
import { ActionType, atomicActions, type OrchestratorStateWire, type WireAction } from '../../src/host/durable/orchestratorAction';
import { expectDeterministicReplay } from './replayCheck';

let h: DurableHarness;
beforeAll(async () => {
  h = await startDurableHost();
});
afterAll(async () => {
  await h.stop();
});

const determinismScenarios: Array<[string, string, unknown, number]> = [
  ['fan-out', 'fanOut', { count: 12 }, 1],
  ['retries with backoff', 'retryFlaky', { key: 'determinism-flaky', failures: 2, attempts: 3 }, 60],
  ['a timer racing an event', 'approvalRace', { timeoutMinutes: 5 }, 60],
  ['a long timer', 'longSleep', { days: 10 }, 6 * 3600],
  ['a sub-orchestration', 'parentOfLoop', { until: 2 }, 60],
];

describe('determinism: replaying a finished history yields the same decisions', () => {
  it.each(determinismScenarios)('%s (%s)', async (_label, name, input, stepSeconds) => {
    const id = uniqueId(`det-${name}`);
    await postJson(api(h.url, `orchestrators/${name}/${id}`), input);
    const status = await runUntilDone(h, id, stepSeconds);
    expect(status.runtimeStatus).toBe('Completed');
    await expectDeterministicReplay(h, id, status.output);
  });
});

describe('scheduleMismatches: what a diverging replay looks like', () => {
  const diverged: Array<[string, (actions: WireAction[]) => WireAction[], RegExp]> = [
    ['an activity swapped for another', ([first, ...rest]) => [{ ...first!, functionName: 'somethingElse' }, ...rest], /action 0 \(somethingElse\) was scheduled as 'double'/],
    ['an action dropped', (actions) => actions.slice(1), /replay produced 2 actions, the backend recorded 3/],
    ['an activity turned into a timer', ([, ...rest]) => [{ actionType: ActionType.CreateTimer, fireAt: '2026-03-01T08:00:00.000Z' }, ...rest], /action 0 \(timer or event\) was scheduled as event type 4, not a timer/],
  ];

  it.each(diverged)('names %s', async (_label, change, problem) => {
    const id = uniqueId('diverge');
    await postJson(api(h.url, `orchestrators/fanOut/${id}`), { count: 3 });
    expect((await runUntilDone(h, id, 1)).runtimeStatus).toBe('Completed');
    const replayed = await replayInstance({ backend: h.backend, invoker: h.host.invoker }, id);
    expect(scheduleMismatches(h.backend, id, replayed)).toEqual([]);
    const tampered: OrchestratorStateWire = { ...replayed, actions: [change(atomicActions(replayed))] };
    expect(scheduleMismatches(h.backend, id, tampered).join('\n')).toMatch(problem);
  });
});

describe('isReplaying', () => {
  it('is false only the first time user code reaches a point, so replay-safe logs appear once each', async () => {
    const id = uniqueId('logs');
    await postJson(api(h.url, `orchestrators/loggingSequence/${id}`), { count: 4 });
    const status = await runUntilDone(h, id, 1);
    expect(status.output).toBe(4);
    const lines = h.host
      .invocations('loggingSequence')
      .flatMap((r) => r.logs)
      .filter((line) => line.endsWith(id));
    expect(lines).toEqual([`step 0 of ${id}`, `step 1 of ${id}`, `step 2 of ${id}`, `step 3 of ${id}`, `done ${id}`]);
  });
});
