import { performance } from 'node:perf_hooks';
import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableRunStore } from '../shared/adapters/azure/tableRunStore';
import { newRunId } from '../shared/domain/runs/runIds';
import { RUN_KINDS, type RunRecord } from '../shared/domain/runs/runRecord';
import { aCatalog, anImageNamed } from '../test/support/builders';
import { apiFetch } from '../test/support/apiAuth';
import { getInstance, postJson, runIdOf, runUntilDone } from '../test/support/durableApi';
import { startStack, type Stack } from '../test/support/stack';
import { testRunStoreSettings } from '../test/support/tableService';

// Run history figures: GET /api/runs?top=100 over 10,000 stored runs (Azurite), and the ARM requests a cancel costs.
// Printed, never asserted as timings.
const STORED = 10_000;
const images = Array.from({ length: 20 }, (_, i) => anImageNamed(`img-bench-${String(i).padStart(2, '0')}`));
const catalog = aCatalog({ images });
const store = testRunStoreSettings();

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ catalog, settings: store });
});
afterAll(async () => {
  await stack?.stop();
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function seed(): Promise<number> {
  const client = TableClient.fromConnectionString(store.AzureWebJobsStorage, store.RUN_HISTORY_TABLE, { allowInsecureConnection: true });
  const runs = createTableRunStore(() => client);
  const started = performance.now();
  const start = Date.parse('2026-06-01T00:00:00Z');
  const records: RunRecord[] = Array.from({ length: STORED }, (_, i) => {
    const at = new Date(start + i * 60_000);
    const kind = RUN_KINDS[i % RUN_KINDS.length] ?? 'build';
    const image = images[i % images.length]?.name ?? 'img';
    return {
      runId: newRunId(kind, image, at, (i + 1).toString(16).padStart(6, '0')),
      kind,
      image,
      trigger: 'schedule',
      status: i % 7 === 0 ? 'Failed' : 'Completed',
      createdAt: at.toISOString(),
      endedAt: new Date(at.getTime() + 30_000).toISOString(),
    };
  });
  // Fifty writes in flight at a time, as many workers recording runs would.
  for (let i = 0; i < records.length; i += 50) await Promise.all(records.slice(i, i + 50).map((run) => runs.create(run)));
  return performance.now() - started;
}

async function timeGet(path: string, times = 7): Promise<{ ms: number; count: number; next: string | undefined }> {
  const samples: number[] = [];
  let last: { runs: unknown[]; next?: string } = { runs: [] };
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    const res = await apiFetch(`${stack.url}${path}`);
    last = (await res.json()) as { runs: unknown[]; next?: string };
    samples.push(performance.now() - t0);
    expect(res.status).toBe(200);
  }
  return { ms: median(samples), count: last.runs.length, next: last.next };
}

describe('run history', () => {
  it(`GET /api/runs over ${STORED.toLocaleString('en-US')} stored runs`, async () => {
    const seedMs = await seed();
    const newest = await timeGet('/api/runs?top=100');
    const second = await timeGet(`/api/runs?top=100&next=${encodeURIComponent(newest.next ?? '')}`);
    const filtered = await timeGet(`/api/runs?top=100&image=${images[2]?.name}&kind=build`);
    const failed = await timeGet('/api/runs?top=100&status=Failed');
    const rare = await timeGet(`/api/runs?top=5&image=${images[19]?.name}&kind=policy-scan&status=Failed`);
    console.log(
      [
        `run history over ${STORED} stored runs (Azurite, in memory; median of 7 requests through the local host):`,
        `  seeding: ${(seedMs / 1000).toFixed(1)} s (${((STORED / seedMs) * 1000).toFixed(0)} records/s)`,
        `  GET /api/runs?top=100                        ${newest.ms.toFixed(0)} ms (${newest.count} runs)`,
        `  … its next page                              ${second.ms.toFixed(0)} ms (${second.count} runs)`,
        `  GET /api/runs?top=100&image=…&kind=build     ${filtered.ms.toFixed(0)} ms (${filtered.count} runs)`,
        `  GET /api/runs?top=100&status=Failed          ${failed.ms.toFixed(0)} ms (${failed.count} runs)`,
        `  GET /api/runs?top=5&image=…&kind=…&status=…  ${rare.ms.toFixed(0)} ms (${rare.count} runs; a rare filter scans the partition)`,
      ].join('\n'),
    );
    expect(newest.count).toBe(100);
    expect(second.count).toBe(100);
  });

  it('the ARM requests a cancel costs (a build cancelled during customize)', async () => {
    const image = images[0]?.name ?? '';
    const runId = runIdOf(await postJson(`${stack.url}/api/images/${image}/builds`, {}));
    for (let i = 0; i < 400; i++) {
      await stack.backend.engine.quiescent();
      if (((await getInstance(stack.url, runId))?.customStatus as { step?: string } | undefined)?.step === 'customize') break;
      stack.clock.advance(15);
    }
    await stack.clearArmRequests();
    expect((await postJson(`${stack.url}/api/runs/${runId}/cancel`, {})).status).toBe(202);
    const status = await runUntilDone(stack, runId);
    const requests = await stack.armRequests();
    console.log(`cancel during customize: ${requests.length} ARM requests until the run ended (${requests.map((r) => `${r.method} ${r.status}`).join(', ')}); it ended ${status.runtimeStatus}`);
    expect(status.runtimeStatus).toBe('Failed');
  });
});
