/**
 * Acceptance: durability (issues 5 and 6): `npm run local` killed mid-build and started again on the same state
 * folder resumes the build from history: exactly one new version, no build VM left — whether the kill lands right
 * after an acknowledged ARM write (the emulator must have kept it, as ARM does) or while the version is polled.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, RUN_ID } from './support/kit';
import { buildOutput, shape, startedBody } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

const IMAGE = 'ubuntu-2204-docker';
const SEEDED = ['1.0.0', '1.1.0'];

const stacks: LocalStack[] = [];

afterAll(async () => {
  for (const s of stacks) await s.stop();
  for (const s of stacks) fs.rmSync(s.dir, { recursive: true, force: true });
});

type KillPoint = (client: Client, stack: LocalStack) => Promise<boolean>;

/** Right after the build VM's PUT was answered: a write acknowledged milliseconds before the kill. */
const buildVmExists: KillPoint = async (client, stack) => (await client.vmNames(stack.endpoints.stagingResourceGroup)).length === 1;

/** Once the version PUT was answered and polled after a durable timer. */
const versionPolled: KillPoint = async (client) => {
  const log = await client.armRequests();
  const put = log.findIndex((r) => r.method === 'PUT' && /\/versions\/[^/]+$/.test(r.path) && r.status < 300);
  return put >= 0 && log.slice(put + 1).some((r) => r.method === 'GET' && r.path === log[put]?.path);
};

describe('restart', () => {
  it.each<[string, KillPoint]>([
    ['right after its build VM was created', buildVmExists],
    ['while it polls the new version', versionPolled],
  ])('resumes a build killed %s, to exactly one version and no VM', async (_when, killPoint) => {
    const first = await startLocal();
    stacks.push(first);
    const before = new Client(first);
    const started = await before.api('POST', `/api/images/${IMAGE}/builds`, { body: { reason: 'crash test' } });
    expect(started.status).toBe(202);
    const instanceId = shape(startedBody, started.body).runId;
    expect(instanceId).toMatch(RUN_ID.of('build', IMAGE));
    for (let i = 0; i < 1500 && !(await killPoint(before, first)); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await killPoint(before, first)).toBe(true);
    await first.kill();

    const second = await startLocal({ dir: first.dir });
    stacks.push(second);
    const after = new Client(second);
    const done = await after.untilInstanceTerminal(instanceId);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    const output = shape(buildOutput, done.output);
    expect((await after.versionNames(IMAGE)).filter((v) => !SEEDED.includes(v))).toEqual([output.version]);
    expect(await after.vmNames(second.endpoints.stagingResourceGroup)).toEqual([]);
    // The run store outlived the kill too: the one run, recorded Completed with its version.
    expect((await after.runs({ image: IMAGE })).map((r) => [r.runId, r.status])).toEqual([[instanceId, 'Completed']]);
  });
});
