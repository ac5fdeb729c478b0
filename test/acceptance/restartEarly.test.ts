/**
 * Acceptance: durability (issues 5 and 6): `npm run local` killed mid-build and started again on the same state
 * folder resumes the build from history: exactly one new version, no build VM left.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Client } from './support/kit';
import { buildOutput, checkStatusPayload, shape } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

const IMAGE = 'ubuntu-2204-docker';
const SEEDED = ['1.0.0', '1.1.0'];

const stacks: LocalStack[] = [];

afterAll(async () => {
  for (const s of stacks) await s.stop();
  if (stacks[0]) fs.rmSync(stacks[0].dir, { recursive: true, force: true });
});

describe('restart', () => {
  it('resumes a build killed while its VM runs customization, to exactly one version and no VM', async () => {
    const first = await startLocal();
    stacks.push(first);
    const before = new Client(first);
    const started = await before.api('POST', `/api/images/${IMAGE}/builds`, { body: { reason: 'crash test' } });
    expect(started.status).toBe(202);
    const instanceId = shape(checkStatusPayload, started.body).id;
    for (let i = 0; i < 1000 && (await before.vmNames(first.endpoints.stagingResourceGroup)).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await before.vmNames(first.endpoints.stagingResourceGroup)).toHaveLength(1);
    await first.kill();

    const second = await startLocal({ dir: first.dir });
    stacks.push(second);
    const after = new Client(second);
    const done = await after.untilInstanceTerminal(instanceId);
    expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
    const output = shape(buildOutput, done.output);
    expect((await after.versionNames(IMAGE)).filter((v) => !SEEDED.includes(v))).toEqual([output.version]);
    expect(await after.vmNames(second.endpoints.stagingResourceGroup)).toEqual([]);
  });
});
