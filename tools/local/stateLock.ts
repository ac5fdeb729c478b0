import fs from 'node:fs';
import path from 'node:path';

/** Inside the state folder, so it names the folder it guards; `--fresh` clears everything but it. */
export const LOCK_FILE = 'local.lock';

export interface StateLock {
  file: string;
  release(): void;
}

export class StateLockedError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The holder's pid; null when the file is unreadable as a lock (a crash while writing it), undefined when it is gone. */
function holderOf(file: string): number | null | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const pid = (JSON.parse(text) as { pid?: unknown }).pid;
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
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
export function acquireStateLock(stateDir: string, pid = process.pid): StateLock {
  fs.mkdirSync(stateDir, { recursive: true });
  const file = path.join(stateDir, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(file, pid)) {
      return {
        file,
        release: () => {
          if (holderOf(file) === pid) fs.rmSync(file, { force: true });
        },
      };
    }
    const holder = holderOf(file);
    if (holder === undefined) continue;
    if (holder !== null && isAlive(holder)) {
      throw new StateLockedError(
        `the state folder ${stateDir} is in use by another npm run local (pid ${holder}): stop that one first, or pass another --state` +
          ` (if pid ${holder} is not npm run local, delete ${file})`,
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
