import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireStateLock, clearStateDir, LOCK_FILE, StateLockedError } from '../../../../tools/local/stateLock';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'state-lock-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let folders = 0;
const aStateDir = () => path.join(root, `state-${++folders}`);

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const lockOf = (stateDir: string) => JSON.parse(fs.readFileSync(path.join(stateDir, LOCK_FILE), 'utf8')) as { pid: number };

describe('state folder lock', () => {
  it('creates the folder and records the holder', () => {
    const stateDir = aStateDir();
    acquireStateLock(stateDir, 4242);
    expect(lockOf(stateDir).pid).toBe(4242);
    expect(fs.readdirSync(stateDir)).toEqual([LOCK_FILE]);
  });

  it('refuses while the holder lives, naming its pid and the folder, and leaves its lock alone', () => {
    const stateDir = aStateDir();
    acquireStateLock(stateDir, process.pid);
    expect(() => acquireStateLock(stateDir, 4242)).toThrow(StateLockedError);
    expect(() => acquireStateLock(stateDir, 4242)).toThrow(`the state folder ${stateDir} is in use by another npm run local (pid ${process.pid})`);
    expect(lockOf(stateDir).pid).toBe(process.pid);
  });

  it.each<[string, (file: string) => void]>([
    ['its holder has exited (killed, crashed)', (file) => fs.writeFileSync(file, JSON.stringify({ pid: deadPid() }))],
    ['it was left half-written', (file) => fs.writeFileSync(file, '{"pi')],
    ['it names no pid', (file) => fs.writeFileSync(file, '{}')],
  ])('takes over a stale lock when %s', (_case, leave) => {
    const stateDir = aStateDir();
    fs.mkdirSync(stateDir);
    leave(path.join(stateDir, LOCK_FILE));
    acquireStateLock(stateDir, 4242);
    expect(lockOf(stateDir).pid).toBe(4242);
    expect(fs.readdirSync(stateDir)).toEqual([LOCK_FILE]);
  });

  it('releases only its own lock', () => {
    const stateDir = aStateDir();
    const first = acquireStateLock(stateDir, deadPid());
    const second = acquireStateLock(stateDir, process.pid);
    first.release();
    expect(lockOf(stateDir).pid).toBe(process.pid);
    second.release();
    expect(fs.existsSync(path.join(stateDir, LOCK_FILE))).toBe(false);
  });

  it('records the helpers it started, and a takeover refuses while one still runs, naming it', () => {
    const stateDir = aStateDir();
    const stale = acquireStateLock(stateDir, deadPid());
    // This process stands in for a Table service that outlives its killed npm run local.
    stale.addHelper(process.pid);
    expect(JSON.parse(fs.readFileSync(path.join(stateDir, LOCK_FILE), 'utf8'))).toMatchObject({ helpers: [process.pid] });
    expect(() => acquireStateLock(stateDir, 4242, 100)).toThrow(`the state folder ${stateDir} is still written by pid ${process.pid}`);
    expect(fs.existsSync(path.join(stateDir, LOCK_FILE))).toBe(true);
  });

  it('takes over once the stale holder\'s helpers have ended', () => {
    const stateDir = aStateDir();
    const stale = acquireStateLock(stateDir, deadPid());
    stale.addHelper(deadPid());
    acquireStateLock(stateDir, 4242, 100);
    expect(lockOf(stateDir).pid).toBe(4242);
  });

  it('waits for a helper that ends within the wait', () => {
    const stateDir = aStateDir();
    const stale = acquireStateLock(stateDir, deadPid());
    // A grandchild, so its parent (gone at once) is not this process, which could not reap it while the lock waits.
    const spawned = spawnSync(
      process.execPath,
      ['-e', `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 300)'], { detached: true, stdio: 'ignore' }); c.unref(); process.stdout.write(String(c.pid));`],
      { encoding: 'utf8' },
    );
    stale.addHelper(Number(spawned.stdout));
    acquireStateLock(stateDir, 4242, 10_000);
    expect(lockOf(stateDir).pid).toBe(4242);
  });

  it('a helper is recorded only while the lock is still its own', () => {
    const stateDir = aStateDir();
    const first = acquireStateLock(stateDir, deadPid());
    acquireStateLock(stateDir, process.pid);
    first.addHelper(4242);
    expect(JSON.parse(fs.readFileSync(path.join(stateDir, LOCK_FILE), 'utf8'))).not.toHaveProperty('helpers');
  });

  it('--fresh empties the folder but keeps the lock', () => {
    const stateDir = aStateDir();
    acquireStateLock(stateDir, process.pid);
    fs.mkdirSync(path.join(stateDir, 'arm'));
    fs.writeFileSync(path.join(stateDir, 'arm', 'arm-state.json'), '{}');
    fs.writeFileSync(path.join(stateDir, 'clock.json'), '{}');
    clearStateDir(stateDir);
    expect(fs.readdirSync(stateDir)).toEqual([LOCK_FILE]);
  });
});
