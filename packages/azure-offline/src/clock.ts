/**
 * The one clock shared by the emulated ARM and the local Functions host (docs/architecture.md#the-offline-azure): replication progress,
 * published dates, end-of-life checks and durable timers all read it, so advancing it moves them together.
 *
 * - `virtual`: time moves only when `advance`/`set` is called (tests step it).
 * - `scaled`: wall time × `speed` from a start instant (e.g. 60× makes a minute-long poll take a second);
 *   `advance` adds an offset on top.
 */
export interface Clock {
  now(): Date;
  advance(seconds: number): Date;
  /** Listeners run after every advance/set, so timers and replication can react at once instead of polling. */
  onChange(listener: (now: Date) => void): () => void;
}

export interface ClockOptions {
  mode: 'virtual' | 'scaled';
  start?: Date;
  speed?: number;
}

/** Captured at load: `npm run local` later points `Date` at this clock (sharedClockDate.ts), which must not recurse. */
const wallNow = Date.now;

export function createClock(options: ClockOptions): Clock {
  const listeners = new Set<(now: Date) => void>();
  const startWall = wallNow();
  const startVirtual = (options.start ?? new Date()).getTime();
  const speed = options.mode === 'scaled' ? (options.speed ?? 1) : 0;
  let offsetMs = 0;

  const nowMs = () => startVirtual + (wallNow() - startWall) * speed + offsetMs;

  return {
    now: () => new Date(nowMs()),
    advance(seconds: number) {
      if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError(`advance: seconds must be a finite number >= 0, got ${seconds}`);
      offsetMs += seconds * 1000;
      const now = new Date(nowMs());
      for (const listener of listeners) listener(now);
      return now;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
