import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recipeSha256 } from '../shared/domain/hashing';
import type { BaseImage, ImageSpec } from '../shared/domain/catalog';
import { aCatalog, anImageNamed } from '../test/support/builders';
import { BASE_IMAGE_VERSIONS, seedFor, startStack, type ArmRequest, type Stack } from '../test/support/stack';
import type { RebuildRunOutput } from '../functions/contracts';
import { listRuns, postJson, runUntilDone } from '../test/support/durableApi';

// Issue 7's figures: one scheduled run over 20 images × 3 regions where 5 are due. ARM requests by phase and route
// from the emulator's request log (reads to decide must be O(images + distinct base images), not O(versions)), and
// local wall time against the run's simulated critical path. Printed, never asserted as timings.
const IMAGES = 20;
const DUE = 5;
const VERSIONS_PER_IMAGE = 6;
const BASES: BaseImage[] = ['jammy', 'noble', 'debian', 'rhel'].map((sku) => ({ type: 'marketplace', publisher: 'Contoso', offer: `base-${sku}`, sku, version: 'latest' }));

const images: ImageSpec[] = Array.from({ length: IMAGES }, (_, i) => anImageNamed(`img-${String(i).padStart(2, '0')}`, { baseImage: { ...(BASES[i % BASES.length] ?? BASES[0]!) } }));
const catalog = aCatalog({ images });

/** Every image has history; the newest version is up to date except for the first DUE images (an old recipe hash). */
function seededGalleries() {
  const byName = new Map(images.map((image, i) => [image.name, { image, due: i < DUE }]));
  return (seedFor(catalog).galleries ?? []).map((g) => ({
    ...g,
    images: (g.images ?? []).map((seed) => {
      const entry = byName.get(seed.name);
      const base = entry?.image.baseImage;
      const baseTag = base?.type === 'marketplace' ? `${base.publisher}:${base.offer}:${base.sku}:${BASE_IMAGE_VERSIONS[1]}` : '';
      const recipe = entry?.due ? 'stale-recipe' : recipeSha256(entry?.image.customization ?? []);
      const versions = Array.from({ length: VERSIONS_PER_IMAGE }, (_, v) => ({
        name: `1.0.${v}`,
        ageDays: VERSIONS_PER_IMAGE - v,
        targetRegions: ['westeurope', 'northeurope', 'eastus'],
        tags: { 'autopilot-base-image': baseTag, 'autopilot-recipe-sha256': recipe },
      }));
      return { ...seed, versions };
    }),
  }));
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ catalog, seed: { galleries: seededGalleries() }, settings: { MAX_CONCURRENT_BUILDS: '5' } });
});
afterAll(async () => {
  await stack?.stop();
});

function route(r: ArmRequest): string {
  return `${r.method} ${r.path
    .replace(/\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\//i, '…/')
    .replace(/img-\d\d/g, 'img-NN')
    .replace(/iab[0-9a-f]{8}/g, 'iab<id>')
    .replace(/versions\/[\d.]+/g, 'versions/<v>')
    .replace(/Contoso\/artifacttypes\/vmimage\/offers\/[^/]+\/skus\/[^/]+/i, 'Contoso/…/skus/<sku>')}`;
}

/** `POST /admin/functions/scheduledRebuild`, then its new rebuild run (read from GET /api/runs) followed to its end. */
async function runScheduledRebuild(target: Stack): Promise<{ output: RebuildRunOutput }> {
  const before = new Set((await listRuns(target.url, { kind: 'rebuild-run' })).map((r) => r.runId));
  expect((await postJson(`${target.url}/admin/functions/scheduledRebuild`, { input: null })).status).toBe(202);
  for (let i = 0; i < 500; i++) {
    const fresh = (await listRuns(target.url, { kind: 'rebuild-run' })).find((r) => !before.has(r.runId));
    if (fresh) {
      const status = await runUntilDone(target, fresh.runId, 15, 4000);
      expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
      return { output: status.output as RebuildRunOutput };
    }
    // The admin API runs the timer in the background: yield to it (real time, never asserted).
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('scheduledRebuild started no rebuild run');
}

describe('scheduled rebuild: ARM requests and wall time', () => {
  it(`one scheduled run over ${IMAGES} images × 3 regions, ${DUE} due`, async () => {
    await stack.clearArmRequests();
    const wallStart = performance.now();
    const clockStart = stack.clock.now().getTime();
    const run = await runScheduledRebuild(stack);
    const wallMs = performance.now() - wallStart;
    const simulatedSeconds = (stack.clock.now().getTime() - clockStart) / 1000;
    expect(run.output.summary).toEqual({ rebuild: DUE, 'up-to-date': IMAGES - DUE, paused: 0, 'already-running': 0, blocked: 0 });

    const requests = await stack.armRequests();

    // The same run again with nothing due: every request it makes is the sweep plus the reads to decide.
    await stack.clearArmRequests();
    const idle = await runScheduledRebuild(stack);
    expect(idle.output.summary).toEqual({ rebuild: 0, 'up-to-date': IMAGES, paused: 0, 'already-running': 0, blocked: 0 });
    const decide = await stack.armRequests();
    const byRoute = (list: ArmRequest[]) => {
      const counts = new Map<string, number>();
      for (const r of list) counts.set(route(r), (counts.get(route(r)) ?? 0) + 1);
      return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${String(n).padStart(4)}  ${k}`);
    };
    console.log(
      [
        `scheduled run over ${IMAGES} images × 3 regions (${VERSIONS_PER_IMAGE} versions each, ${BASES.length} distinct base images), ${DUE} due`,
        `ARM requests: ${requests.length} for the run with ${DUE} builds; ${decide.length} for a run with nothing due (sweep + decide)` +
          ` (expected O(images + bases): ${IMAGES} version lists + ${IMAGES} definition reads + ${BASES.length} platform lists + 1 sweep list)`,
        `simulated critical path (clock): ${simulatedSeconds.toFixed(0)} s; local wall time ${wallMs.toFixed(0)} ms → wall/critical-path ratio ${(wallMs / 1000 / simulatedSeconds).toExponential(2)}`,
        'run with nothing due, by route:',
        ...byRoute(decide),
        `run with ${DUE} builds, by route:`,
        ...byRoute(requests),
      ].join('\n'),
    );
  });
});
