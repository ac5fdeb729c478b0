/**
 * Acceptance: run history survives a crash (issue 15, docs/operations.md#run-history). Through `npm run local`: two
 * builds of one image and a third cancelled during its customize step are three runs; after `npm run local` is
 * SIGKILLed and started again on the same state folder, GET /api/runs still lists all three with their final statuses
 * and GET /api/runs/{runId} still has each one's output and timeline (the run store lives in the state folder's Azurite).
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { Client, RUN_ID } from './support/kit';
import { buildOutput, shape, startedBody } from './support/contract';
import { startLocal, type LocalStack } from './support/localStack';

const IMAGE = 'ubuntu-2204-docker';

const stacks: LocalStack[] = [];

afterAll(async () => {
  for (const s of stacks) await s.stop();
  for (const s of stacks) fs.rmSync(s.dir, { recursive: true, force: true });
});

interface RunRead {
  runId: string;
  status: string;
  output: unknown;
  steps: { step: string; at: string }[];
  error?: { code: string; step?: string } | null;
  version?: string;
}

async function startBuild(client: Client, reason: string): Promise<string> {
  const started = await client.api('POST', `/api/images/${IMAGE}/builds`, { body: { reason } });
  expect(started.status, started.text).toBe(202);
  const runId = shape(startedBody, started.body).runId;
  expect(runId).toMatch(RUN_ID.of('build', IMAGE));
  return runId;
}

async function readRun(client: Client, runId: string): Promise<RunRead> {
  const res = await client.api('GET', `/api/runs/${runId}`);
  expect(res.status, res.text).toBe(200);
  return res.body as RunRead;
}

/** Moves the shared clock in small steps until the run reports `step` as its progress (no wall-clock waits asserted). */
async function untilStep(client: Client, runId: string, step: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const status = (await client.instance(runId)).body;
    if ((status?.customStatus as { step?: string } | null | undefined)?.step === step) return;
    if (status && ['Completed', 'Failed', 'Terminated'].includes(status.runtimeStatus)) throw new Error(`${runId} ended ${status.runtimeStatus} before ${step}`);
    await client.advance(15);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${runId} never reached step ${step}`);
}

describe('run history through npm run local', () => {
  it('keeps two completed builds and a cancelled one, with outputs and timelines, across a SIGKILL and restart', async () => {
    const first = await startLocal();
    stacks.push(first);
    const before = new Client(first);

    const completed: string[] = [];
    for (const reason of ['first', 'second']) {
      const runId = await startBuild(before, reason);
      const done = await before.untilInstanceTerminal(runId);
      expect(done.runtimeStatus, JSON.stringify(done.output)).toBe('Completed');
      completed.push(runId);
    }
    const [one, two] = completed as [string, string];
    expect(two).not.toBe(one);

    const three = await startBuild(before, 'to be cancelled');
    await untilStep(before, three, 'customize');
    const cancel = await before.api('POST', `/api/runs/${three}/cancel`, { body: {} });
    expect(cancel.status, cancel.text).toBe(202);
    expect(cancel.body).toMatchObject({ runId: three, cancelRequestedAt: expect.any(String) });
    expect((await before.untilInstanceTerminal(three)).runtimeStatus).toBe('Failed');

    const expected = [
      [three, 'Cancelled'],
      [two, 'Completed'],
      [one, 'Completed'],
    ];
    expect((await before.runs({ image: IMAGE })).map((r) => [r.runId, r.status])).toEqual(expected);
    const reads = new Map<string, RunRead>();
    for (const id of [one, two, three]) reads.set(id, await readRun(before, id));

    // Each completed run's output is its build's; the cancelled one says where it stopped.
    const versions = [one, two].map((id) => shape(buildOutput, reads.get(id)?.output).version);
    expect(new Set(versions).size).toBe(2);
    for (const id of [one, two]) {
      expect(reads.get(id)).toMatchObject({ runId: id, status: 'Completed', output: { image: IMAGE, promoted: true } });
      expect(reads.get(id)?.steps.map((s) => s.step)).toEqual(expect.arrayContaining(['customize', 'done']));
    }
    expect(reads.get(three)).toMatchObject({ runId: three, status: 'Cancelled', error: { code: 'CANCELLED', step: 'customize' } });
    expect(reads.get(three)?.steps.map((s) => s.step)).toContain('customize');

    await first.kill();
    const second = await startLocal({ dir: first.dir });
    stacks.push(second);
    const after = new Client(second);

    expect((await after.runs({ image: IMAGE })).map((r) => [r.runId, r.status])).toEqual(expected);
    for (const id of [one, two, three]) {
      const read = await readRun(after, id);
      const was = reads.get(id);
      expect(read, id).toMatchObject({ runId: id, status: was?.status, output: was?.output ?? null, steps: was?.steps });
      expect(read.steps.length, id).toBeGreaterThan(0);
    }
  });
});
