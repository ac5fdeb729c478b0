/**
 * The CLI's clock when it runs alone with a state folder: the saved state holds absolute clock times (published
 * dates, LRO end times), so a restart continues from the last saved time instead of jumping back to wall time.
 * (In-process users pass their own shared clock and own its persistence.)
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClock, type Clock } from '../clock';

const FILE_NAME = 'arm-clock.json';
const SAVE_EVERY_MS = 5000;

export interface SavedClock {
  clock: Clock;
  save(): void;
  stop(): void;
}

function savedTime(file: string): number | undefined {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { now?: unknown };
    const ms = typeof saved.now === 'string' ? Date.parse(saved.now) : NaN;
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined;
  }
}

export function createSavedClock(stateDir: string | undefined, mode: 'virtual' | 'scaled', speed: number | undefined): SavedClock {
  if (!stateDir) {
    return { clock: createClock({ mode, ...(speed !== undefined ? { speed } : {}) }), save: () => undefined, stop: () => undefined };
  }
  const file = join(stateDir, FILE_NAME);
  const start = Math.max(Date.now(), savedTime(file) ?? 0);
  const clock = createClock({ mode, start: new Date(start), ...(speed !== undefined ? { speed } : {}) });
  const save = () => {
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify({ now: clock.now().toISOString() }));
    renameSync(`${file}.tmp`, file);
  };
  const unsubscribe = clock.onChange(save);
  const timer = setInterval(save, SAVE_EVERY_MS);
  timer.unref();
  return {
    clock,
    save,
    stop() {
      unsubscribe();
      clearInterval(timer);
      save();
    },
  };
}
