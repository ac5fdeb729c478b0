import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock';
import type { LocalInvoker } from './invoker';
import { parseNcrontab, type NcrontabSchedule } from './ncrontab';
import type { RegisteredFunction, TypedData } from './ports';
import { toTimerInfo } from './timerInfo';
import { triggerBinding } from './toRegisteredFunction';

interface TimerState {
  fn: RegisteredFunction;
  schedule: NcrontabSchedule;
  runOnStartup: boolean;
  next: Date;
  last?: Date;
  running: boolean;
}

export interface TimerSchedulerDeps {
  clock: Clock;
  invoker: LocalInvoker;
  functions: readonly RegisteredFunction[];
  /** false: schedules are still validated and the admin API still runs timers, but nothing fires by itself. */
  enabled: boolean;
  /** Disabled functions keep their schedule (the admin API reports it) but never fire by themselves. */
  isEnabled: (fn: RegisteredFunction) => boolean;
}

/** Real-time polling bound: short enough to follow a scaled clock, long enough to cost nothing on a virtual one. */
const MAX_POLL_MS = 1000;
const MIN_POLL_MS = 5;
const RATE_SAMPLE_MS = 50;

/**
 * Fires timer triggers when the shared clock reaches their next NCRONTAB occurrence. Virtual clocks move only through
 * `advance`, which notifies `onChange`; scaled clocks move with real time, so a poll follows them at their measured rate.
 * Like the host's singleton timer lock, a timer never overlaps itself: an occurrence due while it runs fires after it.
 */
export class TimerScheduler {
  readonly #deps: TimerSchedulerDeps;
  readonly #timers: TimerState[];
  #unsubscribe?: () => void;
  #poll?: NodeJS.Timeout;
  #sample?: { real: number; virtual: number };
  #stopped = false;

  constructor(deps: TimerSchedulerDeps) {
    this.#deps = deps;
    const now = deps.clock.now();
    this.#timers = deps.functions
      .filter((fn) => fn.triggerType.toLowerCase() === 'timertrigger')
      .map((fn) => {
        const binding = triggerBinding(fn);
        if (typeof binding.schedule !== 'string') throw new Error(`function '${fn.name}': timerTrigger option 'schedule' must be a string`);
        const schedule = parseNcrontab(binding.schedule, `function '${fn.name}'`);
        return { fn, schedule, runOnStartup: binding.runOnStartup === true, next: schedule.next(now), running: false };
      });
  }

  start(): void {
    if (!this.#deps.enabled) return;
    this.#unsubscribe = this.#deps.clock.onChange((now) => {
      this.#sample = undefined;
      this.#check(now);
    });
    for (const timer of this.#timers) if (timer.runOnStartup && this.#deps.isEnabled(timer.fn)) this.#fire(timer, this.#deps.clock.now(), false, true);
    this.#check(this.#deps.clock.now());
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#poll) clearTimeout(this.#poll);
  }

  /** Trigger data for an admin-API run: the schedule's real Last/Next, not past due. */
  triggerData(fn: RegisteredFunction): TypedData {
    const timer = this.#timers.find((t) => t.fn.name === fn.name);
    const now = this.#deps.clock.now();
    return { json: JSON.stringify(toTimerInfo({ last: timer?.last, next: timer?.next, lastUpdated: now, isPastDue: false })) };
  }

  schedules(): { functionName: string; expression: string; next: Date }[] {
    return this.#timers.map((t) => ({ functionName: t.fn.name, expression: t.schedule.expression, next: t.next }));
  }

  #check(now: Date): void {
    if (this.#stopped) return;
    for (const timer of this.#timers) {
      if (timer.running || now.getTime() < timer.next.getTime() || !this.#deps.isEnabled(timer.fn)) continue;
      const due = timer.next;
      // More than one occurrence passed (the clock jumped or the previous run overran): the host calls that past due.
      const isPastDue = timer.schedule.next(due).getTime() <= now.getTime();
      timer.last = due;
      timer.next = timer.schedule.next(now);
      this.#fire(timer, now, isPastDue, false);
    }
    this.#schedulePoll(now);
  }

  #fire(timer: TimerState, now: Date, isPastDue: boolean, onStartup: boolean): void {
    timer.running = true;
    const info = toTimerInfo({ last: timer.last, next: timer.next, lastUpdated: now, isPastDue });
    const reason = onStartup ? `Timer fired at ${now.toISOString()} (runOnStartup)` : `Timer fired at ${now.toISOString()}`;
    this.#deps.invoker
      .invoke(timer.fn.name, { json: JSON.stringify(info) }, { reason })
      .catch(() => undefined) // failures are in the invocation log; the schedule goes on, as in the host
      .finally(() => {
        timer.running = false;
        this.#check(this.#deps.clock.now());
      });
  }

  #schedulePoll(now: Date): void {
    if (this.#poll) clearTimeout(this.#poll);
    if (this.#stopped) return;
    const pending = this.#timers.filter((t) => !t.running && this.#deps.isEnabled(t.fn));
    if (pending.length === 0) return;
    const earliest = Math.min(...pending.map((t) => t.next.getTime()));
    const real = performance.now();
    const anchor = this.#sample;
    const remaining = earliest - now.getTime();
    let delay: number;
    if (!anchor || real - anchor.real < RATE_SAMPLE_MS) {
      // The rate is unknown (just started, or the clock jumped) or the last sample is too recent to measure it: a
      // scaled clock advances in steps of speed × 1 ms, so short intervals would read as a stopped clock.
      this.#sample ??= { real, virtual: now.getTime() };
      delay = Math.min(RATE_SAMPLE_MS, Math.max(MIN_POLL_MS, remaining));
    } else {
      const rate = (now.getTime() - anchor.virtual) / (real - anchor.real);
      this.#sample = { real, virtual: now.getTime() };
      delay = rate > 1e-6 ? Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, remaining / rate)) : MAX_POLL_MS;
    }
    this.#poll = setTimeout(() => this.#check(this.#deps.clock.now()), delay);
    this.#poll.unref();
  }
}
