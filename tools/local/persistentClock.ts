import fs from 'node:fs';
import path from 'node:path';
import { createClock, type Clock } from '@image-autopilot/azure-offline';

/** How often the running clock is written down, so a crash loses at most this much real time of it. */
const SAVE_EVERY_MS = 5_000;

/**
 * A scaled clock that survives restarts: emulated Azure state (published dates, end-of-life dates, durable timers)
 * was written in this clock's time, so a restart must continue from where it stopped, never jump back to wall time.
 * It is saved on every advance, on shutdown, and every few seconds in between (a killed process saves nothing).
 */
export function createPersistentClock(stateDir: string, speed: number): { clock: Clock; save(): void; stop(): void } {
  const file = path.join(stateDir, 'clock.json');
  let start = new Date();
  try {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { now?: unknown };
    const savedMs = typeof saved.now === 'string' ? Date.parse(saved.now) : NaN;
    if (Number.isFinite(savedMs) && savedMs > start.getTime()) start = new Date(savedMs);
  } catch {
    // No saved clock yet: a fresh state starts at wall time.
  }
  const clock = createClock({ mode: 'scaled', speed, start });
  const save = () => {
    fs.mkdirSync(stateDir, { recursive: true });
    const temp = `${file}.tmp`;
    fs.writeFileSync(temp, JSON.stringify({ now: clock.now().toISOString() }));
    fs.renameSync(temp, file);
  };
  clock.onChange(save);
  const timer = setInterval(save, SAVE_EVERY_MS);
  timer.unref();
  return { clock, save, stop: () => clearInterval(timer) };
}
