import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActionType, atomicActions, takesSequenceId, toOrchestratorState, unsupportedFeature, type WireAction } from '../../src/host/durable/orchestratorAction';
import { parseOrchestratorFailure, toTaskFailure } from '../../src/host/durable/taskFailure';

const activity = (name: string): WireAction => ({ actionType: ActionType.CallActivity, functionName: name });
const timer = (fireAt = '2026-03-01T00:00:00.000Z'): WireAction => ({ actionType: ActionType.CreateTimer, fireAt, isCanceled: false });
const event = (name: string): WireAction => ({ actionType: ActionType.WaitForExternalEvent, externalEventName: name });
const all = (...children: WireAction[]): WireAction => ({ actionType: ActionType.WhenAll, compoundActions: children });
const any = (...children: WireAction[]): WireAction => ({ actionType: ActionType.WhenAny, compoundActions: children });
const state = (...actions: WireAction[]) => ({ isDone: false, actions: [actions] });

describe('atomicActions', () => {
  it.each([
    ['no actions', state(), []],
    ['a sequence', state(activity('a'), timer(), activity('b')), ['a', 'timer', 'b']],
    ['a fan-out', state(all(activity('a'), activity('b'))), ['a', 'b']],
    ['a race inside a fan-out', state(activity('first'), all(any(event('e'), timer()), activity('c'))), ['first', 'event:e', 'timer', 'c']],
  ])('flattens %s depth-first in yield order', (_label, input, expected) => {
    const names = atomicActions(input).map((a) => a.functionName ?? (a.externalEventName ? `event:${a.externalEventName}` : 'timer'));
    expect(names).toEqual(expected);
  });

  it('keeps every atomic action of any nesting, in order', () => {
    const leaf = fc.constantFrom(activity('x'), timer(), event('e'));
    const tree: fc.Arbitrary<WireAction> = fc.letrec<{ node: WireAction }>((tie) => ({
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((c) => all(...c)), fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((c) => any(...c))),
    })).node;
    fc.assert(
      fc.property(fc.array(tree, { maxLength: 5 }), (actions) => {
        const count = (a: WireAction): number => (a.compoundActions ? a.compoundActions.reduce((n, c) => n + count(c), 0) : 1);
        const flat = atomicActions(state(...actions));
        expect(flat).toHaveLength(actions.reduce((n, a) => n + count(a), 0));
        expect(flat.every((a) => a.compoundActions === undefined)).toBe(true);
      }),
    );
  });
});

describe('takesSequenceId and unsupportedFeature', () => {
  it.each([
    [ActionType.CallActivity, true, undefined],
    [ActionType.CallActivityWithRetry, true, undefined],
    [ActionType.CallSubOrchestrator, true, undefined],
    [ActionType.CreateTimer, true, undefined],
    [ActionType.WaitForExternalEvent, false, undefined],
    [ActionType.ContinueAsNew, false, undefined],
    [ActionType.CallHttp, true, 'Durable HTTP calls (callHttp)'],
    [ActionType.CallEntity, true, 'Durable entities (callEntity)'],
    [ActionType.SignalEntity, false, 'Durable entities (signalEntity)'],
  ])('action type %i: takes an id %s, unsupported: %s', (actionType, takesId, feature) => {
    const action: WireAction = { actionType };
    expect(takesSequenceId(action)).toBe(takesId);
    expect(unsupportedFeature(action)).toBe(feature);
  });
});

describe('toOrchestratorState', () => {
  it.each([[undefined], ['text'], [{ isDone: 'yes', actions: [] }], [{ isDone: false }]])('rejects %j with a message naming the function', (value) => {
    expect(() => toOrchestratorState(value, 'buildImage')).toThrow(/function 'buildImage' did not return an orchestrator state/);
  });
});

describe('failures', () => {
  it('splits the SDK failure message from its out-of-proc state', () => {
    const error = new Error(`boom\n\n$OutOfProcData$:${JSON.stringify({ isDone: false, actions: [[]], error: 'real message' })}`);
    expect(parseOrchestratorFailure(error)).toEqual({ message: 'boom', state: { isDone: false, actions: [[]], error: 'real message' } });
    expect(parseOrchestratorFailure(new Error('plain'))).toEqual({ message: 'plain' });
  });

  it.each([
    ['an Error', new Error('VERSION_CONFLICT: taken'), 'Error', 'VERSION_CONFLICT: taken'],
    ['a TypeError', new TypeError('bad'), 'TypeError', 'bad'],
    ['a string', 'just text', 'Error', 'just text'],
    [
      'serialized failure details',
      new Error(JSON.stringify({ errorType: 'ArmError', errorMessage: 'throttled', properties: { code: 429 } })),
      'ArmError',
      'throttled',
    ],
  ])('turns %s into TaskFailed fields', (_label, error, type, message) => {
    const failure = toTaskFailure('Activity', 'createVersion', error);
    expect(failure.failureDetails.ErrorType).toBe(type);
    expect(failure.failureDetails.ErrorMessage).toBe(message);
    expect(failure.reason).toBe(`Activity function 'createVersion' failed: ${message}`);
  });
});
