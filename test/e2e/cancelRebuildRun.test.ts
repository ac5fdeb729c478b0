/**
 * Cancelling a scheduled rebuild run: raised on the run alone, the wave running finishes and no further wave starts;
 * through the cancel route, its running builds are cancelled with it and the run ends Cancelled even in its last wave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCatalog, anImageNamed } from '../support/builders';
import { getInstance, listRuns, postJson, runUntilDone, type ListedRun } from '../support/durableApi';
import type { Stack } from '../support/stack';
import { startHandsOffStack, triggerScheduledRebuild } from './handsOffSupport';

// Two new images (nothing built yet: both due) and one build at a time: two waves.
const first = anImageNamed('img-wave-a');
const second = anImageNamed('img-wave-b');

let stack: Stack;
beforeAll(async () => {
  stack = await startHandsOffStack({ catalog: aCatalog({ images: [first, second] }), settings: { MAX_CONCURRENT_BUILDS: '1' } });
});
afterAll(async () => {
  await stack?.stop();
});

/** The build runs the rebuild run started (its children), by image. */
async function buildsStarted(runId: string): Promise<ListedRun[]> {
  const builds = await listRuns(stack.url, { kind: 'build' });
  return builds.filter((b) => b.parentRunId === runId).sort((a, b) => String(a.image).localeCompare(String(b.image)));
}

describe('cancelling a rebuild run', () => {
  it('lets the running wave finish and launches no further wave', async () => {
    const runId = await triggerScheduledRebuild(stack);
    for (let i = 0; i < 400 && (await buildsStarted(runId)).length === 0; i++) {
      await stack.backend.engine.quiescent();
      stack.clock.advance(15);
    }
    const inFirstWave = await buildsStarted(runId);
    expect(inFirstWave).toHaveLength(1);
    expect([first.name, second.name]).toContain(inFirstWave[0]?.image);
    expect((await postJson(`${stack.url}/runtime/webhooks/durabletask/instances/${runId}/raiseEvent/cancel`, { requestedBy: 'ops' })).status).toBe(202);

    const run = await runUntilDone(stack, runId, 15, 4000);
    expect(run.runtimeStatus).toBe('Failed');
    expect(String(run.output)).toMatch(/CANCELLED: cancelled during step build by ops$/);
    expect(run.customStatus).toMatchObject({ step: 'cancelled', failure: { step: 'build', code: 'CANCELLED' } });
    // The first wave's build ran to its end; the second image was never started.
    expect((await runUntilDone(stack, inFirstWave[0]?.runId ?? '')).runtimeStatus).toBe('Completed');
    expect((await buildsStarted(runId)).map((b) => b.runId)).toEqual(inFirstWave.map((b) => b.runId));
    // No build of either image outside the run either.
    expect((await listRuns(stack.url, { kind: 'build' })).map((b) => b.runId)).toEqual(inFirstWave.map((b) => b.runId));
  });

  it('through POST /api/runs/{runId}/cancel during its last wave: its running build is cancelled with it, and both end Cancelled', async () => {
    // The first test built one image; the other is still due: this run has a single wave.
    const runId = await triggerScheduledRebuild(stack);
    let child: ListedRun | undefined;
    for (let i = 0; i < 400; i++) {
      await stack.backend.engine.quiescent();
      child = (await buildsStarted(runId))[0];
      const step = child === undefined ? undefined : ((await getInstance(stack.url, child.runId))?.customStatus as { step?: string } | undefined)?.step;
      if (step === 'customize') break;
      stack.clock.advance(15);
    }
    expect(child?.image).toBe(second.name);
    const cancelled = await postJson(`${stack.url}/api/runs/${runId}/cancel`, {});
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(202);
    await runUntilDone(stack, runId, 15, 4000);
    const [run] = await listRuns(stack.url, { kind: 'rebuild-run', top: 1 });
    expect(run).toMatchObject({ runId, status: 'Cancelled' });
    const builds = await buildsStarted(runId);
    expect(builds.map((b) => [b.runId, b.status])).toEqual([[child?.runId, 'Cancelled']]);
  });
});
