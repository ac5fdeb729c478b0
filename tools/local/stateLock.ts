import fs from 'node:fs';
import path from 'node:path';

/** Inside the state folder, so it names the folder it guards; `--fresh` clears everything but it. */
export const LOCK_FILE = 'local.lock';

export interface StateLock {
  file: string;
  /**
   * Records a process this run started that writes into the state folder (Azurite's Table service): it may outlive
   * a killed holder by the moments it takes to flush, so a takeover waits for it too.
   */
  addHelper(pid: number): void;
  release(): void;
}

export class StateLockedError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // An exited process not yet reaped by its parent still answers signal 0; on Linux its state says it is done.
  try {
    return !/^\d+ \(.*\) Z/s.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

const isPid = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 0;

interface LockRecord {
  /** null when the file is unreadable as a lock (a crash while writing it). */
  pid: number | null;
  helpers: number[];
}

/** undefined when the file is gone. */
function readLock(file: string): LockRecord | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const { pid, helpers } = JSON.parse(text) as { pid?: unknown; helpers?: unknown };
    return { pid: isPid(pid) ? pid : null, helpers: Array.isArray(helpers) ? helpers.filter(isPid) : [] };
  } catch {
    return { pid: null, helpers: [] };
  }
}

/** The holder's pid; null when the file is unreadable as a lock, undefined when it is gone. */
function holderOf(file: string): number | null | undefined {
  return readLock(file)?.pid;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The helpers of a dead holder still running after `waitMs` (they normally end within moments of their parent). */
function helpersStillAlive(helpers: number[], waitMs: number): number[] {
  const deadline = Date.now() + waitMs;
  let alive = helpers.filter(isAlive);
  while (alive.length > 0 && Date.now() < deadline) {
    sleepSync(50);
    alive = alive.filter(isAlive);
  }
  return alive;
}

/** Written whole under a temporary name, then linked into place: link fails if a lock exists, so only one wins. */
function tryCreate(file: string, pid: number): boolean {
  const temp = `${file}.${pid}.tmp`;
  fs.writeFileSync(temp, JSON.stringify({ pid, startedAt: new Date().toISOString() }) + '\n');
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/**
 * Moves a dead holder's lock aside. If another starter replaced it in the meantime, what was moved is that starter's
 * live lock: it goes back, and the next attempt reports it as in use.
 */
function removeStale(file: string, stalePid: number | null, pid: number): void {
  const aside = `${file}.stale-${pid}`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (holderOf(aside) !== stalePid) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // A third starter got in first; the next attempt sees its lock.
    }
  }
  fs.rmSync(aside, { force: true });
}

/**
 * Locks the state folder for this process: the emulated Azure, the durable instances and the clock in it are written
 * by one `npm run local` at a time. A lock whose process is gone (killed, crashed) is stale and taken over.
 */
export function acquireStateLock(stateDir: string, pid = process.pid, helperWaitMs = 10_000): StateLock {
  fs.mkdirSync(stateDir, { recursive: true });
  const file = path.join(stateDir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, pid)) {
      const startedAt = new Date().toISOString();
      const helpers: number[] = [];
      return {
        file,
        addHelper: (helper) => {
          if (holderOf(file) !== pid) return;
          helpers.push(helper);
          const temp = `${file}.${pid}.tmp`;
          fs.writeFileSync(temp, JSON.stringify({ pid, startedAt, helpers }) + '\n');
          fs.renameSync(temp, file);
        },
        release: () => {
          if (holderOf(file) === pid) fs.rmSync(file, { force: true });
        },
      };
    }
    const lock = readLock(file);
    if (lock === undefined) continue;
    const holder = lock.pid;
    if (holder !== null && isAlive(holder)) {
      throw new StateLockedError(
        `the state folder ${stateDir} is in use by another npm run local (pid ${holder}): stop that one first, or pass another --state` +
          ` (if pid ${holder} is not npm run local, delete ${file})`,
      );
    }
    const lingering = helpersStillAlive(lock.helpers, helperWaitMs);
    if (lingering.length > 0) {
      throw new StateLockedError(
        `the state folder ${stateDir} is still written by pid ${lingering.join(', ')}, started by an npm run local that has ended` +
          ` (its Table service, which stops by itself once it has saved): try again in a moment, or stop pid ${lingering.join(', ')}`,
      );
    }
    removeStale(file, holder, pid);
  }
  throw new StateLockedError(`could not lock the state folder ${stateDir}: ${file} keeps changing; is another npm run local starting?`);
}

/** `--fresh`: empties the locked state folder, keeping the lock. */
export function clearStateDir(stateDir: string): void {
  for (const entry of fs.readdirSync(stateDir)) {
    if (entry !== LOCK_FILE) fs.rmSync(path.join(stateDir, entry), { recursive: true, force: true });
  }
}
