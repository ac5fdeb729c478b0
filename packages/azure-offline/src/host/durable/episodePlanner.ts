import { EventType, historyEvent, type HistoryEvent } from './historyEvent';
import type { CallTarget, InstanceRecord, OpenTask } from './instanceRecord';
import { isLongTimer, nextChunkFireAt, type TimerLimits } from './longTimer';
import { ActionType, atomicActions, unsupportedFeature, type OrchestratorStateWire, type WireAction } from './orchestratorAction';
import { retryDelayMs, shouldReattempt } from './retryDelay';
import { toCallTarget } from './callTarget';

/** What an episode asks the engine to do once its new state is persisted. */
export type Work =
  | { kind: 'runActivity'; id: number; target: CallTarget }
  | { kind: 'startChild'; id: number; target: CallTarget }
  | { kind: 'armTimer'; id: number; fireAt: string }
  | { kind: 'cancelTimer'; id: number };

export interface EpisodePlan {
  /** OrchestratorStarted, the inbound event, then every scheduling event of this episode. */
  events: HistoryEvent[];
  work: Work[];
  /** Set when the host itself must fail the orchestration (unsupported feature, unusable retry options). */
  failure?: string;
}

/**
 * The host's half of the sequence-id contract (docs/host-protocol.md §6), free of I/O so it can be tested on its
 * own: `openEpisode` delivers the episode's inbound events and allocates the ids the first one causes inside the SDK
 * before user code resumes; `applyDecisions` hands the next ids to new actions in the SDK's order. Both mutate the
 * record. Events nothing waits for any more (a canceled timer, a task of an earlier execution) are left out;
 * undefined means none was left.
 */
export function openEpisode(record: InstanceRecord, inbound: HistoryEvent[], now: Date, limits: TimerLimits): EpisodePlan | undefined {
  const plan: EpisodePlan = { events: [historyEvent(EventType.OrchestratorStarted, now)], work: [] };
  for (const event of inbound) {
    const taskId = event.TaskScheduledId ?? event.TimerId;
    if (taskId === undefined) {
      plan.events.push(event);
      continue;
    }
    const task = record.openTasks[String(taskId)];
    if (!task) continue;
    delete record.openTasks[String(taskId)];
    plan.events.push(event);
    if (plan.failure !== undefined) continue;
    try {
      allocateForEvent(record, event, task, now, limits, plan);
    } catch (error) {
      plan.failure = (error as Error).message;
    }
  }
  return plan.events.length > 1 ? plan : undefined;
}

/**
 * Takes the next inbound events off the inbox for one episode: always the first, then up to `max` − 1 following
 * completions that make the SDK allocate no id of its own. Such events can share an episode safely — ids the first
 * event causes are allocated before any user code resumes, and new actions take ids in yield order after them —
 * which is what keeps a fan-out from replaying its history once per completion. Raised events stay one per episode,
 * so one that arrives as an orchestration continues as new is kept for the next execution.
 */
export function takeBatch(record: InstanceRecord, max: number): HistoryEvent[] {
  const first = record.inbox.shift();
  if (!first) return [];
  const batch = [first];
  while (batch.length < max) {
    const next = record.inbox[0];
    if (!next || !causesNoSdkIds(record, next)) break;
    batch.push(next);
    record.inbox.shift();
  }
  return batch;
}

function causesNoSdkIds(record: InstanceRecord, event: HistoryEvent): boolean {
  const taskId = event.TaskScheduledId ?? event.TimerId;
  if (taskId === undefined) return false;
  const task = record.openTasks[String(taskId)];
  if (!task) return true;
  const failed = event.EventType === EventType.TaskFailed || event.EventType === EventType.SubOrchestrationInstanceFailed;
  if (task.kind === 'call') return task.retryGroup === undefined || !failed;
  if (task.kind === 'retryTimer') return false;
  return task.longTimerFinalFireAt === undefined;
}

function allocateForEvent(record: InstanceRecord, event: HistoryEvent, task: OpenTask, now: Date, limits: TimerLimits, plan: EpisodePlan): void {
  const failed = event.EventType === EventType.TaskFailed || event.EventType === EventType.SubOrchestrationInstanceFailed;
  if (task.kind === 'call' && task.retryGroup !== undefined) {
    const group = record.retryGroups[String(task.retryGroup)];
    if (!group) return;
    if (!failed) {
      delete record.retryGroups[String(task.retryGroup)];
      return;
    }
    // The SDK's RetryableTask waits on a timer after every failed attempt, the last one included.
    group.failures++;
    const timerId = record.nextSequence++;
    const fireAt = new Date(now.getTime() + retryDelayMs(group.options, group.failures)).toISOString();
    record.openTasks[String(timerId)] = { kind: 'retryTimer', fireAt, retryGroup: task.retryGroup };
    plan.events.push(historyEvent(EventType.TimerCreated, now, { EventId: timerId, FireAt: fireAt }));
    plan.work.push({ kind: 'armTimer', id: timerId, fireAt });
    return;
  }
  if (task.kind === 'retryTimer') {
    const group = record.retryGroups[String(task.retryGroup)];
    if (!group) return;
    if (!shouldReattempt(group.options, group.failures)) {
      delete record.retryGroups[String(task.retryGroup)];
      return;
    }
    scheduleCall(record, record.nextSequence++, group.target, task.retryGroup, now, plan);
    return;
  }
  if (task.kind === 'timer' && task.longTimerFinalFireAt !== undefined) {
    // Mirrors LongTimerTask.trySetValue, whose "now" is this episode's OrchestratorStarted time.
    const next = nextChunkFireAt(Date.parse(task.longTimerFinalFireAt), now.getTime(), limits);
    if (next === undefined) return;
    const chunkId = record.nextSequence++;
    const fireAt = new Date(next).toISOString();
    record.openTasks[String(chunkId)] = { kind: 'timer', fireAt, longTimerFinalFireAt: task.longTimerFinalFireAt, rootId: task.rootId };
    plan.events.push(historyEvent(EventType.TimerCreated, now, { EventId: chunkId, FireAt: fireAt }));
    plan.work.push({ kind: 'armTimer', id: chunkId, fireAt });
  }
}

/**
 * Walks the cumulative actions depth-first: actions past the cursor take the next ids (event waits and continue-as-new
 * take none); timers seen before and now flagged `isCanceled` are disarmed. Sets `plan.failure` for what the local
 * host cannot run.
 */
export function applyDecisions(record: InstanceRecord, state: OrchestratorStateWire, now: Date, limits: TimerLimits, plan: EpisodePlan): void {
  const actions = atomicActions(state);
  for (let ordinal = 0; ordinal < actions.length; ordinal++) {
    const action = actions[ordinal];
    if (!action) continue;
    if (ordinal < record.actionIds.length) {
      const id = record.actionIds[ordinal];
      if (action.actionType === ActionType.CreateTimer && action.isCanceled === true && id !== null && id !== undefined) cancelTimer(record, id, plan);
      continue;
    }
    const feature = unsupportedFeature(action);
    if (feature) {
      plan.failure = `${feature} is not supported by the local host (@image-autopilot/azure-offline); run this orchestration on Azure Functions.`;
      return;
    }
    if (state.isDone) return;
    const failure = applyNewAction(record, action, now, limits, plan);
    if (failure !== undefined) {
      plan.failure = failure;
      return;
    }
  }
}

function applyNewAction(record: InstanceRecord, action: WireAction, now: Date, limits: TimerLimits, plan: EpisodePlan): string | undefined {
  switch (action.actionType) {
    case ActionType.WaitForExternalEvent:
    case ActionType.ContinueAsNew:
      record.actionIds.push(null);
      return undefined;
    case ActionType.CallActivity:
    case ActionType.CallActivityWithRetry:
    case ActionType.CallSubOrchestrator:
    case ActionType.CallSubOrchestratorWithRetry: {
      const id = record.nextSequence++;
      record.actionIds.push(id);
      const target = toCallTarget(action, record, id);
      const withRetry = action.actionType === ActionType.CallActivityWithRetry || action.actionType === ActionType.CallSubOrchestratorWithRetry;
      if (withRetry && action.retryOptions) {
        try {
          retryDelayMs(action.retryOptions, 1);
        } catch (error) {
          return `${target.name} with retry: ${(error as Error).message}`;
        }
        record.retryGroups[String(id)] = { options: action.retryOptions, failures: 0, target };
      }
      scheduleCall(record, id, target, withRetry && action.retryOptions ? id : undefined, now, plan);
      return undefined;
    }
    case ActionType.CreateTimer: {
      const id = record.nextSequence++;
      record.actionIds.push(id);
      const finalMs = Date.parse(action.fireAt ?? '');
      if (Number.isNaN(finalMs)) return `CreateTimer action without a valid fireAt: ${JSON.stringify(action.fireAt)}`;
      // A long timer's action carries the final time; its first chunk is what the SDK gave this id.
      const long = isLongTimer(finalMs, now.getTime(), limits);
      const fireAt = new Date(long ? now.getTime() + limits.longRunningTimerIntervalMs : finalMs).toISOString();
      plan.events.push(historyEvent(EventType.TimerCreated, now, { EventId: id, FireAt: fireAt }));
      if (action.isCanceled === true) return undefined;
      record.openTasks[String(id)] = { kind: 'timer', fireAt, rootId: id, ...(long ? { longTimerFinalFireAt: new Date(finalMs).toISOString() } : {}) };
      plan.work.push({ kind: 'armTimer', id, fireAt });
      return undefined;
    }
    default:
      return `unknown orchestrator action type ${action.actionType}`;
  }
}

function scheduleCall(record: InstanceRecord, id: number, target: CallTarget, retryGroup: number | undefined, now: Date, plan: EpisodePlan): void {
  record.openTasks[String(id)] = { kind: 'call', target, ...(retryGroup === undefined ? {} : { retryGroup }) };
  const input = target.input === undefined ? {} : { Input: target.input };
  if (target.kind === 'activity') {
    plan.events.push(historyEvent(EventType.TaskScheduled, now, { EventId: id, Name: target.name, ...input }));
    plan.work.push({ kind: 'runActivity', id, target });
  } else {
    plan.events.push(historyEvent(EventType.SubOrchestrationInstanceCreated, now, { EventId: id, Name: target.name, InstanceId: target.instanceId, ...input }));
    plan.work.push({ kind: 'startChild', id, target });
  }
}

function cancelTimer(record: InstanceRecord, actionId: number, plan: EpisodePlan): void {
  for (const [key, task] of Object.entries(record.openTasks)) {
    if (task.kind === 'timer' && (Number(key) === actionId || task.rootId === actionId)) {
      delete record.openTasks[key];
      plan.work.push({ kind: 'cancelTimer', id: Number(key) });
    }
  }
}
