import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock';
import type { FunctionInvoker, RegisteredFunction } from '../ports';
import { toJsonText } from './callTarget';
import { applyDecisions, openEpisode, takeBatch, type Work } from './episodePlanner';
import { EventType, failureFields, historyEvent, type HistoryEvent } from './historyEvent';
import { isTerminal, type CallTarget, type InstanceRecord } from './instanceRecord';
import type { InstanceStore } from './instanceStore';
import { defaultTimerLimits, type TimerLimits } from './longTimer';
import { orchestrationBinding } from './orchestrationBinding';
import { ActionType, atomicActions, toOrchestratorState, type OrchestratorStateWire, type WireAction } from './orchestratorAction';
import { childFailure, parseOrchestratorFailure, toTaskFailure } from './taskFailure';
import { TimerService } from './timerService';
import { WorkQueue } from './workQueue';

export interface EngineOptions {
  invoker: FunctionInvoker;
  clock: Clock;
  store: InstanceStore;
  log: (message: string) => void;
  activityConcurrency?: number;
  orchestratorConcurrency?: number;
  /**
   * Most inbound events replayed per episode (default 100). The real extension delivers every new message of the
   * control-queue batch in one episode; completions that cause no SDK-side ids share one here likewise (takeBatch),
   * which keeps a fan-out from replaying its growing history once per completion. 1 is the simple loop of
   * docs/host-protocol.md §6.
   */
  maxEventsPerEpisode?: number;
  timerLimits?: TimerLimits;
}

export type StartResult = { kind: 'started'; record: InstanceRecord } | { kind: 'conflict'; record: InstanceRecord };

type Effect = () => void;

/** A cap, not a target: an episode takes what is waiting, and a fan-out of thousands still replays in bounded steps. */
export const defaultMaxEventsPerEpisode = 100;

/**
 * The Durable Task backend: each episode delivers one inbound event and the id-neutral completions waiting behind it (up to a cap),
 * and replays the history through the app's own orchestrator function — the SDK's replay engine — by way of the
 * host's invoker. The host only keeps histories, hands out the sequence ids the SDK expects (episodePlanner.ts) and
 * runs what the returned actions ask for; everything with I/O (activities, timers, children, persistence) lives here.
 */
export class OrchestrationEngine {
  readonly #invoker: FunctionInvoker;
  readonly #clock: Clock;
  readonly #store: InstanceStore;
  readonly #log: (message: string) => void;
  readonly #limits: TimerLimits;
  readonly #activities: WorkQueue;
  readonly #episodes: WorkQueue;
  readonly #timers: TimerService;
  readonly #maxEventsPerEpisode: number;
  readonly #scheduled = new Set<string>();
  #stopped = false;
  /** Counters a benchmark or test can read; they never influence behaviour. */
  readonly stats = { episodes: 0, activities: 0, replayedEvents: 0 };

  constructor(options: EngineOptions) {
    this.#invoker = options.invoker;
    this.#clock = options.clock;
    this.#store = options.store;
    this.#log = options.log;
    this.#limits = options.timerLimits ?? defaultTimerLimits;
    this.#activities = new WorkQueue(options.activityConcurrency ?? 10);
    this.#episodes = new WorkQueue(options.orchestratorConcurrency ?? 10);
    this.#timers = new TimerService(options.clock);
    const max = options.maxEventsPerEpisode ?? defaultMaxEventsPerEpisode;
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxEventsPerEpisode must be an integer >= 1, got ${max}`);
    this.#maxEventsPerEpisode = max;
  }

  get store(): InstanceStore {
    return this.#store;
  }

  /** Resumes persisted work: Durable runs activities at least once, so any that had not reported are run again. */
  start(): void {
    this.#stopped = false;
    this.#timers.start();
    for (const record of this.#store.all()) {
      if (isTerminal(record.runtimeStatus)) continue;
      const delivered = new Set(record.inbox.map((e) => e.TaskScheduledId ?? e.TimerId).filter((id) => id !== undefined));
      for (const [key, task] of Object.entries(record.openTasks)) {
        const id = Number(key);
        if (delivered.has(id)) continue;
        if (task.kind === 'call' && task.target.kind === 'activity') this.#dispatchActivity(record, id, task.target);
        else if (task.kind === 'call') this.#watchChild(record, id, task.target);
        else this.#armTimer(record, id, task.fireAt);
      }
      this.#kick(record);
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timers.stop();
    this.#activities.clear();
    this.#episodes.clear();
    await this.#episodes.idle();
  }

  /** Resolves when no episode and no activity is running or queued (timers may still be armed). */
  async quiescent(): Promise<void> {
    for (;;) {
      // Timers already due (e.g. re-armed after a restart) count as pending work, not as quiet.
      this.#timers.check();
      await Promise.all([this.#episodes.idle(), this.#activities.idle()]);
      this.#timers.check();
      if (this.#episodes.running + this.#episodes.waiting + this.#activities.running + this.#activities.waiting === 0) return;
    }
  }

  orchestratorFunction(name: string): RegisteredFunction | undefined {
    const wanted = name.toLowerCase();
    return this.#invoker.functions().find((f) => f.name.toLowerCase() === wanted && f.triggerType.toLowerCase() === 'orchestrationtrigger');
  }

  /** Starts (or, for a finished instance with the same ID, replaces) an instance — NonRunningStates semantics. */
  startNew(functionName: string, instanceId: string, input: string | undefined): StartResult {
    const existing = this.#store.get(instanceId);
    if (existing && !isTerminal(existing.runtimeStatus)) return { kind: 'conflict', record: existing };
    const record = this.#newRecord(functionName, instanceId, input);
    this.#store.save(record);
    this.#kick(record);
    return { kind: 'started', record };
  }

  /** Queues an external event; false when the instance is finished (the extension answers 410). */
  raiseEvent(record: InstanceRecord, eventName: string, input: string | undefined): boolean {
    if (isTerminal(record.runtimeStatus)) return false;
    record.inbox.push(historyEvent(EventType.EventRaised, this.#clock.now(), { Name: eventName, ...(input === undefined ? {} : { Input: input }) }));
    this.#store.save(record);
    this.#kick(record);
    return true;
  }

  terminate(record: InstanceRecord, reason: string): boolean {
    if (isTerminal(record.runtimeStatus)) return false;
    const now = this.#clock.now();
    this.#cancelAllTimers(record);
    record.runtimeStatus = 'Terminated';
    record.output = JSON.stringify(reason);
    record.lastUpdatedTime = now.toISOString();
    record.inbox = [];
    record.openTasks = {};
    record.retryGroups = {};
    this.#store.save(record);
    this.#log(`durable: ${record.name} (${record.instanceId}) terminated: ${reason}`);
    this.#notifyParent(record, { failed: true, message: `Sub-orchestration '${record.name}' (${record.instanceId}) was terminated: ${reason}` });
    return true;
  }

  /**
   * Suspended instances keep receiving events (completions, timers, raised events) but replay none until resumed,
   * as in Durable Functions. False when the instance is finished (410).
   */
  suspend(record: InstanceRecord, reason: string): boolean {
    if (isTerminal(record.runtimeStatus)) return false;
    if (record.runtimeStatus === 'Suspended') return true;
    record.runtimeStatus = 'Suspended';
    record.lastUpdatedTime = this.#clock.now().toISOString();
    this.#store.save(record);
    this.#log(`durable: ${record.name} (${record.instanceId}) suspended: ${reason}`);
    return true;
  }

  resume(record: InstanceRecord, reason: string): boolean {
    if (isTerminal(record.runtimeStatus)) return false;
    if (record.runtimeStatus !== 'Suspended') return true;
    record.runtimeStatus = 'Running';
    record.lastUpdatedTime = this.#clock.now().toISOString();
    this.#store.save(record);
    this.#log(`durable: ${record.name} (${record.instanceId}) resumed: ${reason}`);
    this.#kick(record);
    return true;
  }

  purge(record: InstanceRecord): boolean {
    if (!isTerminal(record.runtimeStatus)) return false;
    return this.#store.delete(record.instanceId);
  }

  // ---- episodes ------------------------------------------------------------------------------------------------

  #kick(record: InstanceRecord): void {
    if (this.#stopped || this.#scheduled.has(record.instanceId) || record.inbox.length === 0 || record.runtimeStatus === 'Suspended') return;
    this.#scheduled.add(record.instanceId);
    this.#episodes.push(async () => {
      try {
        await this.#episode(record);
      } catch (error) {
        this.#log(`durable: episode of ${record.instanceId} crashed: ${(error as Error).stack ?? String(error)}`);
      } finally {
        this.#scheduled.delete(record.instanceId);
        if (this.#store.get(record.instanceId) === record) this.#kick(record);
      }
    });
  }

  async #episode(record: InstanceRecord): Promise<void> {
    if (this.#stopped || isTerminal(record.runtimeStatus) || record.runtimeStatus === 'Suspended') return;
    const inbound = takeBatch(record, this.#maxEventsPerEpisode);
    if (inbound.length === 0) return;
    const now = new Date(Math.max(this.#clock.now().getTime(), lastStartedMs(record)));
    const plan = openEpisode(record, inbound, now, this.#limits);
    if (!plan) return;
    record.runtimeStatus = 'Running';

    const history = [...record.history, ...plan.events];
    const executionId = record.executionId;
    let state: OrchestratorStateWire | undefined;
    let failure: string | undefined;
    this.stats.episodes++;
    this.stats.replayedEvents += history.length;
    try {
      const binding = orchestrationBinding(record, history, this.#limits);
      state = toOrchestratorState(await this.#invoker.invoke(record.name, { string: JSON.stringify(binding) }), record.name);
    } catch (error) {
      ({ state, failure } = readFailure(error, record.name));
    }
    // Terminated or purged while the orchestrator ran: its decisions no longer count.
    if (this.#store.get(record.instanceId) !== record || record.executionId !== executionId || isTerminal(record.runtimeStatus)) return;

    if (state?.customStatus !== undefined) record.customStatus = JSON.stringify(state.customStatus);
    failure ??= plan.failure;
    if (failure === undefined && state) {
      applyDecisions(record, state, now, this.#limits, plan);
      failure = plan.failure;
    }
    plan.events.push(historyEvent(EventType.OrchestratorCompleted, now));
    // From the next episode on these are played events (IsPlayed feeds context.df.isReplaying, as in the extension).
    record.history = [...record.history, ...plan.events.map((e) => ({ ...e, IsPlayed: true }))];
    record.lastUpdatedTime = now.toISOString();

    let work = plan.work;
    const after: Effect[] = [];
    if (failure !== undefined) {
      // A failed orchestration starts nothing more; what it had armed is disarmed.
      work = work.filter((w) => w.kind === 'cancelTimer');
      this.#finish(record, 'Failed', JSON.stringify(`Orchestrator function '${record.name}' failed: ${failure}`), after);
      this.#notifyParent(record, { failed: true, message: failure }, after);
    } else if (state?.isDone) {
      const continueAsNew = atomicActions(state).find((a) => a.actionType === ActionType.ContinueAsNew);
      if (continueAsNew) {
        this.#continueAsNew(record, continueAsNew, now);
      } else {
        this.#finish(record, 'Completed', state.output === undefined ? undefined : JSON.stringify(state.output), after);
        this.#notifyParent(record, { failed: false, result: record.output ?? 'null' }, after);
      }
    }
    this.#store.save(record);
    for (const item of work) this.#perform(record, executionId, item);
    for (const effect of after) effect();
  }

  #perform(record: InstanceRecord, executionId: string, work: Work): void {
    if (work.kind === 'cancelTimer') {
      this.#timers.cancel(timerKey(record.instanceId, work.id));
      return;
    }
    // Decisions of an execution that has just continued as new are void.
    if (record.executionId !== executionId) return;
    if (work.kind === 'runActivity') this.#dispatchActivity(record, work.id, work.target);
    else if (work.kind === 'startChild') this.#startChild(record, work.id, work.target);
    else this.#armTimer(record, work.id, work.fireAt);
  }

  #continueAsNew(record: InstanceRecord, action: WireAction, now: Date): void {
    this.#cancelAllTimers(record);
    const input = toJsonText(action.input);
    record.executionId = randomUUID();
    record.input = input;
    record.history = [];
    record.actionIds = [];
    record.nextSequence = 0;
    record.openTasks = {};
    record.retryGroups = {};
    // Events raised after the decision belong to the new execution; completions of the old one are dropped.
    record.inbox = [
      historyEvent(EventType.ExecutionStarted, now, { Name: record.name, ...(input === undefined ? {} : { Input: input }) }),
      ...record.inbox.filter((e) => e.EventType === EventType.EventRaised),
    ];
    if (record.runtimeStatus !== 'Suspended') record.runtimeStatus = 'Running';
  }

  #finish(record: InstanceRecord, status: 'Completed' | 'Failed', output: string | undefined, effects: Effect[]): void {
    record.runtimeStatus = status;
    record.output = output;
    record.inbox = [];
    const timerKeys = this.#timerKeys(record);
    effects.push(() => timerKeys.forEach((key) => this.#timers.cancel(key)));
    record.openTasks = {};
    record.retryGroups = {};
    this.#log(`durable: ${record.name} (${record.instanceId}) ${status.toLowerCase()}`);
  }

  #notifyParent(record: InstanceRecord, outcome: { failed: false; result: string } | { failed: true; message: string }, effects?: Effect[]): void {
    const link = record.parent;
    if (!link) return;
    const notify = () => {
      const now = this.#clock.now();
      const event = outcome.failed
        ? historyEvent(EventType.SubOrchestrationInstanceFailed, now, {
            TaskScheduledId: link.taskId,
            ...failureFields(childFailure(record.name, outcome.message)),
          })
        : historyEvent(EventType.SubOrchestrationInstanceCompleted, now, { TaskScheduledId: link.taskId, Result: outcome.result });
      this.#deliver(link.instanceId, link.executionId, event);
    };
    if (effects) effects.push(notify);
    else notify();
  }

  // ---- work the actions ask for ---------------------------------------------------------------------------------

  #deliver(instanceId: string, executionId: string, event: HistoryEvent): void {
    const record = this.#store.get(instanceId);
    if (!record || record.executionId !== executionId || isTerminal(record.runtimeStatus)) return;
    record.inbox.push(event);
    this.#kick(record);
  }

  #dispatchActivity(record: InstanceRecord, id: number, target: CallTarget): void {
    const { instanceId, executionId } = record;
    this.#activities.push(async () => {
      const current = this.#store.get(instanceId);
      if (this.#stopped || !current || current.executionId !== executionId || !current.openTasks[String(id)]) return;
      const trigger = target.input === undefined ? {} : { json: target.input };
      let event: HistoryEvent;
      try {
        const result = await this.#invoker.invoke(target.name, trigger);
        event = historyEvent(EventType.TaskCompleted, this.#clock.now(), { TaskScheduledId: id, Result: JSON.stringify(result) ?? 'null' });
      } catch (error) {
        event = historyEvent(EventType.TaskFailed, this.#clock.now(), { TaskScheduledId: id, ...failureFields(toTaskFailure('Activity', target.name, error)) });
      }
      this.stats.activities++;
      if (this.#stopped) return;
      this.#deliver(instanceId, executionId, event);
    });
  }

  #startChild(parent: InstanceRecord, id: number, target: CallTarget): void {
    const childId = target.instanceId ?? `${parent.instanceId}:${id}`;
    const fail = (message: string) =>
      this.#deliver(
        parent.instanceId,
        parent.executionId,
        historyEvent(EventType.SubOrchestrationInstanceFailed, this.#clock.now(), { TaskScheduledId: id, ...failureFields(childFailure(target.name, message)) }),
      );
    if (!this.orchestratorFunction(target.name)) {
      fail(`The function '${target.name}' doesn't exist or is not an orchestrator function.`);
      return;
    }
    const existing = this.#store.get(childId);
    if (existing && !isTerminal(existing.runtimeStatus)) {
      fail(`An orchestration with instance ID '${childId}' already exists and is ${existing.runtimeStatus}.`);
      return;
    }
    const child = this.#newRecord(this.orchestratorFunction(target.name)?.name ?? target.name, childId, target.input);
    child.parent = { instanceId: parent.instanceId, executionId: parent.executionId, taskId: id };
    this.#store.save(child);
    this.#kick(child);
  }

  /** After a restart, a child that finished while the parent was not listening still has to report back. */
  #watchChild(parent: InstanceRecord, id: number, target: CallTarget): void {
    const child = target.instanceId === undefined ? undefined : this.#store.get(target.instanceId);
    if (!child || child.parent?.taskId !== id || child.parent.instanceId !== parent.instanceId) {
      this.#startChild(parent, id, target);
      return;
    }
    if (child.runtimeStatus === 'Completed') this.#notifyParent(child, { failed: false, result: child.output ?? 'null' });
    else if (isTerminal(child.runtimeStatus)) this.#notifyParent(child, { failed: true, message: `ended ${child.runtimeStatus}: ${child.output ?? ''}` });
  }

  #armTimer(record: InstanceRecord, id: number, fireAt: string): void {
    const { instanceId, executionId } = record;
    this.#timers.arm({
      key: timerKey(instanceId, id),
      fireAtMs: Date.parse(fireAt),
      fire: () => this.#deliver(instanceId, executionId, historyEvent(EventType.TimerFired, this.#clock.now(), { TimerId: id, FireAt: fireAt })),
    });
  }

  #cancelAllTimers(record: InstanceRecord): void {
    for (const key of this.#timerKeys(record)) this.#timers.cancel(key);
  }

  #timerKeys(record: InstanceRecord): string[] {
    return Object.entries(record.openTasks)
      .filter(([, task]) => task.kind !== 'call')
      .map(([key]) => timerKey(record.instanceId, Number(key)));
  }

  #newRecord(name: string, instanceId: string, input: string | undefined): InstanceRecord {
    const now = this.#clock.now();
    return {
      instanceId,
      name,
      runtimeStatus: 'Pending',
      createdTime: now.toISOString(),
      lastUpdatedTime: now.toISOString(),
      executionId: randomUUID(),
      ...(input === undefined ? {} : { input }),
      history: [],
      actionIds: [],
      nextSequence: 0,
      openTasks: {},
      retryGroups: {},
      inbox: [historyEvent(EventType.ExecutionStarted, now, { Name: name, ...(input === undefined ? {} : { Input: input }) })],
    };
  }
}

function timerKey(instanceId: string, id: number): string {
  return `${instanceId}\u0000${id}`;
}

/** A failing orchestrator throws; the SDK appends its state, whose `error` holds the real message (§5). */
function readFailure(error: unknown, functionName: string): { state?: OrchestratorStateWire; failure: string } {
  const parsed = parseOrchestratorFailure(error);
  if (parsed.state === undefined) return { failure: parsed.message };
  try {
    const state = toOrchestratorState(parsed.state, functionName);
    // The SDK labels the error with `orchestratorReturned` ("false"); the state's error is the message to show.
    return { state, failure: typeof state.error === 'string' && state.error !== '' ? state.error : parsed.message };
  } catch {
    return { failure: parsed.message };
  }
}

function lastStartedMs(record: InstanceRecord): number {
  for (let i = record.history.length - 1; i >= 0; i--) {
    const event = record.history[i];
    if (event?.EventType === EventType.OrchestratorStarted) return Date.parse(event.Timestamp);
  }
  return 0;
}
