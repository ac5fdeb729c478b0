import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDecisions, openEpisode, takeBatch, type EpisodePlan } from '../../src/host/durable/episodePlanner';
import { EventType, historyEvent, type HistoryEvent } from '../../src/host/durable/historyEvent';
import type { InstanceRecord } from '../../src/host/durable/instanceRecord';
import { defaultTimerLimits } from '../../src/host/durable/longTimer';
import { ActionType, type OrchestratorStateWire, type WireAction, type WireRetryOptions } from '../../src/host/durable/orchestratorAction';

const t0 = new Date('2026-03-01T08:00:00.000Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const day = 24 * 3600;

function aRecord(overrides: Partial<InstanceRecord> = {}): InstanceRecord {
  return {
    instanceId: 'build-ubuntu',
    name: 'build',
    runtimeStatus: 'Running',
    createdTime: t0.toISOString(),
    lastUpdatedTime: t0.toISOString(),
    executionId: 'e1',
    history: [],
    actionIds: [],
    nextSequence: 0,
    openTasks: {},
    retryGroups: {},
    inbox: [],
    ...overrides,
  };
}

const activity = (name: string, input?: unknown): WireAction => ({ actionType: ActionType.CallActivity, functionName: name, input });
const withRetry = (name: string, retryOptions: WireRetryOptions): WireAction => ({ actionType: ActionType.CallActivityWithRetry, functionName: name, retryOptions });
const timer = (fireAt: Date, isCanceled = false): WireAction => ({ actionType: ActionType.CreateTimer, fireAt: fireAt.toISOString(), isCanceled });
const waitFor = (name: string): WireAction => ({ actionType: ActionType.WaitForExternalEvent, externalEventName: name });
const whenAll = (...children: WireAction[]): WireAction => ({ actionType: ActionType.WhenAll, compoundActions: children });
const whenAny = (...children: WireAction[]): WireAction => ({ actionType: ActionType.WhenAny, compoundActions: children });
const decisions = (actions: WireAction[], isDone = false): OrchestratorStateWire => ({ isDone, actions: [actions] });

const started = () => historyEvent(EventType.ExecutionStarted, t0, { Name: 'build' });
const completed = (id: number, now: Date) => historyEvent(EventType.TaskCompleted, now, { TaskScheduledId: id, Result: '1' });
const failed = (id: number, now: Date) => historyEvent(EventType.TaskFailed, now, { TaskScheduledId: id, Reason: 'r', Details: 'd' });
const fired = (id: number, now: Date) => historyEvent(EventType.TimerFired, now, { TimerId: id, FireAt: now.toISOString() });

/** One episode as the engine runs it, with the orchestrator's decisions given instead of replayed. */
function episode(record: InstanceRecord, event: HistoryEvent, now: Date, state?: OrchestratorStateWire): EpisodePlan | undefined {
  const plan = openEpisode(record, [event], now, defaultTimerLimits);
  if (plan && state && plan.failure === undefined) applyDecisions(record, state, now, defaultTimerLimits, plan);
  return plan;
}

const scheduled = (plan: EpisodePlan | undefined) =>
  (plan?.events ?? []).filter((e) => e.EventType === EventType.TaskScheduled || e.EventType === EventType.TimerCreated).map((e) => [e.EventType, e.EventId, e.Name ?? e.FireAt]);

describe('new actions take the next ids in the SDK order', () => {
  it.each([
    ['a single activity', [activity('a')], [[EventType.TaskScheduled, 0, 'a']], [0]],
    ['a fan-out', [whenAll(activity('a'), activity('b'), activity('c'))], [[EventType.TaskScheduled, 0, 'a'], [EventType.TaskScheduled, 1, 'b'], [EventType.TaskScheduled, 2, 'c']], [0, 1, 2]],
    ['an event racing a timer', [whenAny(waitFor('approval'), timer(at(60)))], [[EventType.TimerCreated, 0, at(60).toISOString()]], [null, 0]],
    ['a long timer (first chunk of 3 days)', [timer(at(10 * day))], [[EventType.TimerCreated, 0, at(3 * day).toISOString()]], [0]],
  ])('%s', (_label, actions, expectedEvents, expectedIds) => {
    const record = aRecord();
    const plan = episode(record, started(), t0, decisions(actions));
    expect(plan?.failure).toBeUndefined();
    expect(scheduled(plan)).toEqual(expectedEvents);
    expect(record.actionIds).toEqual(expectedIds);
    expect(record.nextSequence).toBe(expectedEvents.length);
  });

  it('hands out ids only past the cursor on later episodes', () => {
    const record = aRecord();
    episode(record, started(), t0, decisions([activity('a')]));
    const plan = episode(record, completed(0, at(1)), at(1), decisions([activity('a'), activity('b')]));
    expect(scheduled(plan)).toEqual([[EventType.TaskScheduled, 1, 'b']]);
    expect(plan?.work).toEqual([{ kind: 'runActivity', id: 1, target: { kind: 'activity', name: 'b' } }]);
  });

  it('gives every atomic action of any shape consecutive ids, event waits none', () => {
    const leaf = fc.oneof(fc.constant(activity('x')), fc.integer({ min: 1, max: 5 * day }).map((s) => timer(at(s))), fc.constant(waitFor('e')));
    const node: fc.Arbitrary<WireAction> = fc.letrec<{ n: WireAction }>((tie) => ({
      n: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('n'), { minLength: 1, maxLength: 3 }).map((c) => whenAll(...c)), fc.array(tie('n'), { minLength: 1, maxLength: 3 }).map((c) => whenAny(...c))),
    })).n;
    fc.assert(
      fc.property(fc.array(fc.array(node, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), (batches) => {
        const record = aRecord();
        let cumulative: WireAction[] = [];
        batches.forEach((batch, i) => {
          cumulative = [...cumulative, ...batch];
          const event = i === 0 ? started() : historyEvent(EventType.EventRaised, at(i), { Name: 'unrelated' });
          episode(record, event, at(i), decisions(cumulative));
        });
        const ids = record.actionIds.filter((id): id is number => id !== null);
        expect(ids).toEqual(ids.map((_, i) => i));
        expect(record.nextSequence).toBe(ids.length);
      }),
    );
  });
});

describe('ids the events themselves cause', () => {
  const retry: WireRetryOptions = { firstRetryIntervalInMilliseconds: 5000, maxNumberOfAttempts: 2, backoffCoefficient: 2 };

  it('a failed attempt takes a retry timer id, its firing a re-attempt id, the last failure only a timer', () => {
    const record = aRecord();
    episode(record, started(), t0, decisions([withRetry('flaky', retry)]));
    const afterFailure = episode(record, failed(0, at(1)), at(1), decisions([withRetry('flaky', retry)]));
    expect(scheduled(afterFailure)).toEqual([[EventType.TimerCreated, 1, at(6).toISOString()]]);
    const reattempt = episode(record, fired(1, at(6)), at(6), decisions([withRetry('flaky', retry)]));
    expect(scheduled(reattempt)).toEqual([[EventType.TaskScheduled, 2, 'flaky']]);
    const lastFailure = episode(record, failed(2, at(7)), at(7), decisions([withRetry('flaky', retry)]));
    expect(scheduled(lastFailure)).toEqual([[EventType.TimerCreated, 3, at(17).toISOString()]]);
    const givesUp = episode(record, fired(3, at(17)), at(17), decisions([withRetry('flaky', retry)]));
    expect(scheduled(givesUp)).toEqual([]);
    expect(record.retryGroups).toEqual({});
  });

  it('a success ends the retry group without new ids', () => {
    const record = aRecord();
    episode(record, started(), t0, decisions([withRetry('flaky', retry)]));
    const plan = episode(record, completed(0, at(1)), at(1), decisions([withRetry('flaky', retry)], true));
    expect(scheduled(plan)).toEqual([]);
    expect(record.retryGroups).toEqual({});
  });

  it.each([
    ['a chunk fired with 7 days left', 3 * day, [[EventType.TimerCreated, 1, at(6 * day).toISOString()]]],
    ['a chunk fired with 4 days left', 6 * day, [[EventType.TimerCreated, 1, at(10 * day).toISOString()]]],
    ['a chunk fired at the final time', 10 * day, []],
    ['a chunk fired late, past the final time', 11 * day, []],
  ])('a long timer: %s', (_label, firedAt, expected) => {
    const record = aRecord();
    episode(record, started(), t0, decisions([timer(at(10 * day))]));
    expect(scheduled(episode(record, fired(0, at(firedAt)), at(firedAt), decisions([timer(at(10 * day))])))).toEqual(expected);
  });
});

describe('cancellation, stale events and failures', () => {
  it('disarms a timer whose action is canceled in a later episode, and ignores its late firing', () => {
    const record = aRecord();
    episode(record, started(), t0, decisions([whenAny(waitFor('approval'), timer(at(600)))]));
    const plan = episode(record, historyEvent(EventType.EventRaised, at(5), { Name: 'approval' }), at(5), decisions([whenAny(waitFor('approval'), timer(at(600), true))], true));
    expect(plan?.work).toEqual([{ kind: 'cancelTimer', id: 0 }]);
    expect(episode(record, fired(0, at(600)), at(600))).toBeUndefined();
  });

  it('cancels the current chunk of a long timer', () => {
    const record = aRecord();
    episode(record, started(), t0, decisions([whenAny(waitFor('go'), timer(at(10 * day)))]));
    episode(record, fired(0, at(3 * day)), at(3 * day), decisions([whenAny(waitFor('go'), timer(at(10 * day)))]));
    const plan = episode(record, historyEvent(EventType.EventRaised, at(4 * day), { Name: 'go' }), at(4 * day), decisions([whenAny(waitFor('go'), timer(at(10 * day), true))], true));
    expect(plan?.work).toEqual([{ kind: 'cancelTimer', id: 1 }]);
  });

  it.each([
    ['callHttp', { actionType: ActionType.CallHttp }, /Durable HTTP calls \(callHttp\) is not supported by the local host/],
    ['signalEntity', { actionType: ActionType.SignalEntity }, /Durable entities \(signalEntity\) is not supported by the local host/],
    ['bad retry options', withRetry('x', { firstRetryIntervalInMilliseconds: 1000, maxNumberOfAttempts: 2, backoffCoefficient: 0 }), /x with retry: retryOptions.backoffCoefficient/],
    ['a timer without a date', { actionType: ActionType.CreateTimer, fireAt: 'soon' }, /CreateTimer action without a valid fireAt/],
  ])('fails the orchestration for %s', (_label, action, message) => {
    const plan = episode(aRecord(), started(), t0, decisions([action]));
    expect(plan?.failure).toMatch(message);
  });
});

describe('takeBatch: which completions may share an episode', () => {
  const retry: WireRetryOptions = { firstRetryIntervalInMilliseconds: 1000, maxNumberOfAttempts: 3 };
  /** Open tasks: 0 and 1 plain activities, 2 an attempt with retry, 3 a retry timer, 4 a plain timer, 5 a long-timer chunk. */
  function recordWithInbox(inbox: HistoryEvent[]): InstanceRecord {
    return aRecord({
      inbox: [...inbox],
      openTasks: {
        '0': { kind: 'call', target: { kind: 'activity', name: 'a' } },
        '1': { kind: 'call', target: { kind: 'activity', name: 'b' } },
        '2': { kind: 'call', target: { kind: 'activity', name: 'c' }, retryGroup: 2 },
        '3': { kind: 'retryTimer', fireAt: at(5).toISOString(), retryGroup: 2 },
        '4': { kind: 'timer', fireAt: at(5).toISOString(), rootId: 4 },
        '5': { kind: 'timer', fireAt: at(5).toISOString(), rootId: 5, longTimerFinalFireAt: at(10 * day).toISOString() },
      },
      retryGroups: { '2': { options: retry, failures: 0, target: { kind: 'activity', name: 'c' } } },
    });
  }
  const now = at(5);

  it.each([
    ['plain completions and a plain timer join the first event', [completed(0, now), failed(1, now), fired(4, now), completed(2, now)], 10, 4],
    ['the cap stops the batch', [completed(0, now), completed(1, now), fired(4, now)], 2, 2],
    ['a retry failure may lead but never follow', [failed(2, now), completed(0, now)], 10, 2],
    ['a retry failure ends the batch', [completed(0, now), failed(2, now), completed(1, now)], 10, 1],
    ['a retry timer ends the batch', [completed(0, now), fired(3, now)], 10, 1],
    ['a long-timer chunk ends the batch', [completed(0, now), fired(5, now)], 10, 1],
    ['a raised event stays alone', [completed(0, now), historyEvent(EventType.EventRaised, now, { Name: 'x' })], 10, 1],
    ['one event per episode with max 1', [completed(0, now), completed(1, now)], 1, 1],
  ])('%s', (_label, inbox, max, taken) => {
    const record = recordWithInbox(inbox);
    expect(takeBatch(record, max)).toEqual(inbox.slice(0, taken));
    expect(record.inbox).toEqual(inbox.slice(taken));
  });

  it('gives new actions the same ids whether completions arrive one per episode or together', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), (fanOut, batch) => {
        const run = (max: number) => {
          const record = aRecord();
          const first = [whenAll(...Array.from({ length: fanOut }, (_, i) => activity('a', i)))];
          episode(record, started(), t0, decisions(first));
          record.inbox = Array.from({ length: fanOut }, (_, i) => completed(i, at(1)));
          const scheduledNow: Array<ReturnType<typeof scheduled>> = [];
          let delivered = 0;
          while (record.inbox.length > 0) {
            const inbound = takeBatch(record, max);
            delivered += inbound.length;
            const plan = openEpisode(record, inbound, at(2), defaultTimerLimits);
            // The orchestrator schedules a follow-up after the fan-in, i.e. once everything was delivered.
            const actions = delivered === fanOut ? [...first, activity('after')] : first;
            if (plan) applyDecisions(record, decisions(actions), at(2), defaultTimerLimits, plan);
            scheduledNow.push(scheduled(plan));
          }
          return { ids: record.actionIds, followUp: scheduledNow.flat() };
        };
        expect(run(batch)).toEqual(run(1));
      }),
    );
  });
});
