/**
 * Acceptance: `npm run local` refuses to start before it touches the state folder when a port is busy or another
 * `npm run local` uses the same state folder, naming the port or the holder's pid; a lock left by a killed run
 * does not block the next one (restart.test.ts resumes after SIGKILL on the same folder).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, runLocalToExit, startLocal, type LocalStack } from './support/localStack';

const dirs: string[] = [];
const stacks: LocalStack[] = [];
afterAll(async () => {
  for (const stack of stacks) await stack.stop();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

function aDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autopilot-startup-'));
  dirs.push(dir);
  return dir;
}

/** A state folder someone cares about: `--fresh` would delete the marker, starting would add `arm/`. */
function aStateFolder(dir: string): { state: string; marker: string } {
  const state = path.join(dir, 'state');
  fs.mkdirSync(state);
  const marker = path.join(state, 'keep-me.txt');
  fs.writeFileSync(marker, 'emulated Azure worth keeping');
  return { state, marker };
}

async function squat(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((closed) => server.close(() => closed())) };
}

describe('npm run local refuses to start before touching the state folder', () => {
  it.each(['--port', '--arm-port'])('when the port of %s is in use, naming the port and the flag', async (flag) => {
    const dir = aDir();
    const { state, marker } = aStateFolder(dir);
    const squatter = await squat();
    try {
      const endpointsFile = path.join(dir, 'endpoints.json');
      const run = await runLocalToExit(['--state', state, '--fresh', ...(flag === '--port' ? [] : ['--port', '0']), flag, String(squatter.port)], endpointsFile);
      expect(run.code, run.output).toBe(1);
      expect(run.output).toContain(`port ${squatter.port} on 127.0.0.1 is not free (${flag} ${squatter.port})`);
      expect(fs.readdirSync(state)).toEqual(['keep-me.txt']);
      expect(fs.readFileSync(marker, 'utf8')).toBe('emulated Azure worth keeping');
      expect(fs.existsSync(endpointsFile)).toBe(false);
    } finally {
      await squatter.close();
    }
  });

  it('when another npm run local uses the same state folder, naming its pid; the running one keeps working', async () => {
    const first = await startLocal();
    stacks.push(first);
    const state = first.endpoints.stateDir;
    const before = fs.readdirSync(state);
    const run = await runLocalToExit(['--state', state, '--fresh', '--port', '0'], path.join(aDir(), 'endpoints.json'));
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain(`the state folder ${state} is in use by another npm run local (pid ${first.pid})`);
    // The running one's emulated Azure and durable instances are all still there (it may have saved its clock since).
    expect(fs.readdirSync(state)).toEqual(expect.arrayContaining(before));
    expect(fs.existsSync(path.join(first.dir, 'endpoints.json'))).toBe(true);
    expect((await call(`${first.endpoints.functions}/api/images`, 'GET')).status).toBe(200);
  });
});
