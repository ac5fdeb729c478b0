import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PruneOutput } from '../functions/contracts';
import { newestRunId, postJson, runUntilDone } from '../test/support/durableApi';
import { startStack, type Stack } from '../test/support/stack';
import { benchCatalog, benchSeed, IMAGES, imageNames, SCALE_SETS, summarize, VERSIONS, VMS } from './pruneBench';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ catalog: benchCatalog(), seed: benchSeed() });
});
afterAll(async () => {
  await stack?.stop();
});

async function waitForTimer(name: string, before: number): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const runs = stack.host.invocations(name);
    const last = runs[runs.length - 1];
    if (runs.length > before && last && last.status !== 'running') {
      expect(last.status, last.error).toBe('succeeded');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${name} did not finish`);
}

describe('prune: ARM requests', () => {
  // Naive: per image one list, one GET per version, one usage lookup per version (counted as ONE request each,
  // which flatters the naive approach: listing 500 VMs and scale sets takes 10 pages here).
  const naive = IMAGES * (1 + VERSIONS + VERSIONS);

  it(`scheduledPrune (dry runs) over ${IMAGES} images × ${VERSIONS} versions with ${VMS} VMs + ${SCALE_SETS} scale sets`, async () => {
    await stack.clearArmRequests();
    const before = stack.host.invocations('scheduledPrune').length;
    const res = await fetch(`${stack.url}/admin/functions/scheduledPrune`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(202);
    await waitForTimer('scheduledPrune', before);
    for (const image of imageNames) {
      const status = await runUntilDone(stack, await newestRunId(stack.url, { kind: 'prune', image }));
      expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
      expect((status.output as PruneOutput).items).toHaveLength(VERSIONS);
    }
    const requests = await stack.armRequests();
    console.log(
      [
        `scheduled prune (dry run) of ${IMAGES} images × ${VERSIONS} versions, ${VMS + SCALE_SETS} VMs/scale sets:`,
        `ARM requests ${requests.length} vs naive ${naive} → ratio ${(requests.length / naive).toFixed(4)} (1/${(naive / requests.length).toFixed(1)}; goal ≤ 1/20; 31 before the dry-run usage snapshot, unchanged by it)`,
        summarize(requests),
      ].join('\n'),
    );
  });

  it(`${IMAGES} on-demand dry runs within a minute (POST /prune; the usage snapshot answers all but the first)`, async () => {
    await stack.clearArmRequests();
    const started = performance.now();
    for (const image of imageNames) {
      const res = await postJson(`${stack.url}/api/images/${image}/prune`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const seconds = (performance.now() - started) / 1000;
    const requests = await stack.armRequests();
    console.log(
      [
        `${IMAGES} on-demand dry runs in ${seconds.toFixed(1)} s: ARM requests ${requests.length} (goal ≤ 60; 240 when each listed usage itself; the first may reuse the scheduled run's listing of moments before, else 50) vs naive ${naive} → ratio ${(requests.length / naive).toFixed(4)} (1/${(naive / requests.length).toFixed(1)})`,
        summarize(requests),
      ].join('\n'),
    );
  });
});
