import type { Clock } from '../../clock';

export interface ArmedTimer {
  key: string;
  fireAtMs: number;
  fire: () => void;
}

/**
 * Durable timers against the shared clock: they fire as soon as the clock passes `fireAt`. A virtual clock announces
 * every step through onChange; a scaled clock moves on its own, so a short real-time tick checks it as well.
 */
export class TimerService {
  readonly #timers = new Map<string, ArmedTimer>();
  readonly #clock: Clock;
  readonly #tickMs: number;
  #unsubscribe: (() => void) | undefined;
  #interval: NodeJS.Timeout | undefined;
  #earliest = Number.POSITIVE_INFINITY;

  constructor(clock: Clock, tickMs = 20) {
    this.#clock = clock;
    this.#tickMs = tickMs;
  }

  start(): void {
    this.#unsubscribe = this.#clock.onChange(() => this.check());
    this.#interval = setInterval(() => this.check(), this.#tickMs);
    this.#interval.unref();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#interval) clearInterval(this.#interval);
    this.#interval = undefined;
    this.#timers.clear();
  }

  get size(): number {
    return this.#timers.size;
  }

  arm(timer: ArmedTimer): void {
    this.#timers.set(timer.key, timer);
    this.#earliest = Math.min(this.#earliest, timer.fireAtMs);
    // An already-due timer (e.g. re-armed after a restart) fires on the next turn, not inside the caller's episode.
    if (timer.fireAtMs <= this.#clock.now().getTime()) setImmediate(() => this.check());
  }

  cancel(key: string): void {
    this.#timers.delete(key);
  }

  check(): void {
    const now = this.#clock.now().getTime();
    if (now < this.#earliest) return;
    const due = [...this.#timers.values()].filter((t) => t.fireAtMs <= now).sort((a, b) => a.fireAtMs - b.fireAtMs);
    for (const timer of due) this.#timers.delete(timer.key);
    let earliest = Number.POSITIVE_INFINITY;
    for (const timer of this.#timers.values()) earliest = Math.min(earliest, timer.fireAtMs);
    this.#earliest = earliest;
    for (const timer of due) timer.fire();
  }
}
