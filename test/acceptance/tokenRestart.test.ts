/**
 * Acceptance: the token `npm run local` prints lasts across restarts on the same state folder, as its banner promises.
 * A restart binds the emulator's identity server to another port; a token whose issuer named that port was refused
 * afterwards (401 "the token's iss claim is not accepted").
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, startLocal, type LocalStack } from './support/localStack';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'autopilot-token-restart-'));
const stacks: LocalStack[] = [];

afterAll(async () => {
  for (const s of stacks) await s.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the banner token across a restart of npm run local', () => {
  it('is accepted by the restarted host on the same state folder', async () => {
    const first = await startLocal({ dir });
    stacks.push(first);
    const token = first.endpoints.token;
    expect(token, first.output()).toEqual(expect.any(String));
    const bearer = { authorization: `Bearer ${String(token)}` };
    expect((await call(`${first.endpoints.functions}/api/images`, 'GET', { headers: bearer })).status).toBe(200);
    await first.stop();

    const second = await startLocal({ dir });
    stacks.push(second);
    const res = await call(`${second.endpoints.functions}/api/images`, 'GET', { headers: bearer });
    expect(res.status, `${res.text}\n${second.output()}`).toBe(200);
  });
});
