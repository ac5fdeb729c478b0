import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitForInstance } from '../../src/host/durable';
import { api, clockStart, countEvents, getJson, postJson, runUntilDone, startDurableHost, type DurableHarness } from './durableHarness';
import { fixtureBuild } from '../paths';

/**
 * Restart-and-resume: the app registers once per process, and a crash is what durability is about, so the first
 * host runs in a child process that the test kills with SIGKILL; the second host runs in this process on the same
 * state folder.
 */
const dir = mkdtempSync(join(tmpdir(), 'durable-restart-'));
const stateDir = join(dir, 'state');
let child: ChildProcess | undefined;
let second: DurableHarness | undefined;

afterAll(async () => {
  child?.kill('SIGKILL');
  await second?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function startChild(): Promise<string> {
  const script = fixtureBuild('durable-app/runHost.js');
  child = spawn(process.execPath, [script, stateDir, clockStart.toISOString()], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolveUrl, reject) => {
    let out = '';
    let err = '';
    child?.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /READY (\S+)/.exec(out);
      if (match?.[1]) resolveUrl(match[1]);
    });
    child?.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child?.on('exit', (code) => reject(new Error(`host process exited with ${code}: ${err}`)));
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('restart and resume from persisted state', () => {
  it('resumes an orchestration after the host is killed: re-runs the pending activity, re-arms the timer, takes the event', async () => {
    const marker = join(dir, 'marker.txt');
    const release = join(dir, 'release');
    const id = 'survivor';
    const firstUrl = await startChild();
    const started = await postJson(api(firstUrl, `orchestrators/survivesRestart/${id}`), { marker, release });
    expect(started.status).toBe(202);
    await until(() => existsSync(marker), 'the activity to start in the first host');
    const before = await getJson(api(firstUrl, `instances/${id}`));
    expect(before.body).toMatchObject({ runtimeStatus: 'Running' });
    const exited = new Promise((r) => child?.once('exit', r));
    child?.kill('SIGKILL');
    await exited;

    // The second host starts an hour later: the 10-minute timer is overdue and fires at once.
    writeFileSync(release, 'go');
    second = await startDurableHost({ stateDir, start: new Date(clockStart.getTime() + 3600_000) });
    await waitForInstance(second.url, id, { until: ['Running'] });
    await second.backend.engine.quiescent();
    const waiting = await getJson(api(second.url, `instances/${id}`));
    expect(waiting.body).toMatchObject({ runtimeStatus: 'Running', customStatus: { step: 'waiting-for-go' } });

    expect((await postJson(api(second.url, `instances/${id}/raiseEvent/go`), 'now')).status).toBe(202);
    const status = await runUntilDone(second, id, 60);
    expect(status).toMatchObject({ runtimeStatus: 'Completed', output: { activity: 'released', go: 'now' } });
    expect(countEvents(status, 'TimerFired')).toBe(1);
    expect(countEvents(status, 'TaskCompleted')).toBe(1);
    // at least once: the first host started it and died, the second ran it again
    const runs = readFileSync(marker, 'utf8').trim().split('\n');
    expect(runs).toHaveLength(2);
    expect(runs[0]).not.toBe(runs[1]);
  });
});
