/**
 * Runs async jobs with at most `limit` at a time, in arrival order. Activities and orchestrator episodes both go
 * through one of these so a fan-out of thousands never floods the app (host.json maxConcurrent*Functions).
 */
export class WorkQueue {
  readonly #limit: number;
  readonly #waiting: Array<() => Promise<void>> = [];
  #running = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`concurrency limit must be an integer >= 1, got ${limit}`);
    this.#limit = limit;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  push(job: () => Promise<void>): void {
    this.#waiting.push(job);
    this.#pump();
  }

  /** Drops jobs not yet started (used on stop). */
  clear(): void {
    this.#waiting.length = 0;
    this.#notifyIdle();
  }

  /** Resolves once nothing runs and nothing waits. */
  idle(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #pump(): void {
    while (this.#running < this.#limit) {
      const job = this.#waiting.shift();
      if (!job) break;
      this.#running++;
      // Jobs report their own errors; a rejection here would only mean a bug in the job wrapper.
      void job()
        .catch(() => undefined)
        .finally(() => {
          this.#running--;
          this.#pump();
          this.#notifyIdle();
        });
    }
  }

  #notifyIdle(): void {
    if (this.#running !== 0 || this.#waiting.length !== 0) return;
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
