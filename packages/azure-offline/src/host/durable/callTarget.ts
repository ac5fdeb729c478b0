import type { CallTarget, InstanceRecord } from './instanceRecord';
import { ActionType, type WireAction } from './orchestratorAction';

/**
 * Activity and continue-as-new inputs arrive already JSON-encoded when they are strings (the SDK's processInput);
 * sub-orchestration inputs are never pre-encoded.
 */
export function toJsonText(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  return typeof input === 'string' ? input : JSON.stringify(input);
}

/**
 * What an activity or sub-orchestration action asks to run. A child without an instance ID gets
 * `<parent>:<task id as 4 hex digits>`, like the extension's default.
 */
export function toCallTarget(action: WireAction, record: Pick<InstanceRecord, 'instanceId'>, id: number): CallTarget {
  const name = action.functionName ?? '';
  if (action.actionType === ActionType.CallActivity || action.actionType === ActionType.CallActivityWithRetry) {
    const input = toJsonText(action.input);
    return { kind: 'activity', name, ...(input === undefined ? {} : { input }) };
  }
  const input = action.input === undefined ? undefined : JSON.stringify(action.input);
  return {
    kind: 'subOrchestration',
    name,
    instanceId: action.instanceId || `${record.instanceId}:${id.toString(16).padStart(4, '0')}`,
    ...(input === undefined ? {} : { input }),
  };
}
