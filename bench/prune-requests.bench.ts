import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PruneOutput } from '../functions/contracts';
import type { SeedDocument } from '@image-autopilot/azure-offline';
import { postJson, runUntilDone } from '../test/support/durableApi';
import { aCatalog, anImage, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../test/support/builders';
import { seedFor, startStack, type ArmRequest, type Stack } from '../test/support/stack';

// Issue 8's figure: ARM requests for a prune of 20 images × 50 versions with 500 VMs / scale sets in the usage
// scope, counted from the emulator's request log, against the naive count (list + GET per version + a usage
// lookup per version). Printed, never asserted as a goal: the reviewer reads the ratio.
const IMAGES = 20;
const VERSIONS = 50;
const VMS = 250;
const SCALE_SETS = 250;
const USERS_RG = 'rg-apps';

const imageNames = Array.from({ length: IMAGES }, (_, i) => `img-${String(i).padStart(2, '0')}`);
// Publisher/offer/SKU are unique per gallery: each image gets its own offer.
const benchImage = (name: string) => anImage({ name, definition: { ...anImage().definition, offer: name } });
const definitionId = (image: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${image}`;

function benchSeed(): Partial<SeedDocument> {
  const catalog = aCatalog({ images: imageNames.map(benchImage) });
  const base = seedFor(catalog);
  // Ages 1..100 days, every fifth deprecated: the plan has every kind of item, which the request count ignores.
  const versions = Array.from({ length: VERSIONS }, (_, i) => ({
    name: `1.0.${i + 1}`,
    ageDays: (VERSIONS - i) * 2,
    ...(i % 5 === 0 ? { excludeFromLatest: true, endOfLifeDate: '2026-11-01T00:00:00.000Z' } : {}),
  }));
  const galleries = (base.galleries ?? []).map((g) => ({ ...g, images: (g.images ?? []).map((image) => ({ ...image, versions })) }));
  // Users spread over the images: some pinned to a version, some following the definition's latest.
  const reference = (i: number) => {
    const image = imageNames[i % IMAGES] ?? 'img-00';
    return { id: i % 3 === 0 ? definitionId(image) : `${definitionId(image)}/versions/1.0.${(i % VERSIONS) + 1}` };
  };
  return {
    galleries,
    resourceGroups: [{ name: USERS_RG }],
    virtualMachines: Array.from({ length: VMS }, (_, i) => ({ resourceGroup: USERS_RG, name: `vm-${i}`, imageReference: reference(i) })),
    scaleSets: Array.from({ length: SCALE_SETS }, (_, i) => ({ resourceGroup: USERS_RG, name: `vmss-${i}`, imageReference: reference(i + VMS) })),
  };
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ catalog: aCatalog({ images: imageNames.map(benchImage) }), seed: benchSeed() });
});
afterAll(async () => {
  await stack?.stop();
});

function summarize(requests: ArmRequest[]): string {
  const byRoute = new Map<string, number>();
  for (const r of requests) {
    const route = `${r.method} ${r.path.replace(/\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/providers\//i, '…/').replace(/img-\d+/, 'img-NN').replace(/versions\/[\d.]+$/, 'versions/V')}`;
    byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
  }
  return [...byRoute.entries()].sort((a, b) => b[1] - a[1]).map(([route, n]) => `  ${String(n).padStart(4)}  ${route}`).join('\n');
}

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
      const status = await runUntilDone(stack, `prune-${image}`);
      expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
      expect((status.output as PruneOutput).items).toHaveLength(VERSIONS);
    }
    const requests = await stack.armRequests();
    console.log(
      [
        `scheduled prune (dry run) of ${IMAGES} images × ${VERSIONS} versions, ${VMS + SCALE_SETS} VMs/scale sets:`,
        `ARM requests ${requests.length} vs naive ${naive} → ratio ${(requests.length / naive).toFixed(4)} (1/${(naive / requests.length).toFixed(1)}; goal ≤ 1/20)`,
        summarize(requests),
      ].join('\n'),
    );
  });

  it(`${IMAGES} on-demand dry runs (POST /prune, each reading usage for itself)`, async () => {
    await stack.clearArmRequests();
    for (const image of imageNames) {
      const res = await postJson(`${stack.url}/api/images/${image}/prune`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const requests = await stack.armRequests();
    console.log(
      [
        `${IMAGES} on-demand dry runs: ARM requests ${requests.length} vs naive ${naive} → ratio ${(requests.length / naive).toFixed(4)} (1/${(naive / requests.length).toFixed(1)})`,
        summarize(requests),
      ].join('\n'),
    );
  });

  it(`${IMAGES} applied prunes (POST /prune?dryRun=false): what acting adds`, async () => {
    await stack.clearArmRequests();
    let deprecated = 0;
    let deleted = 0;
    for (const image of imageNames) {
      expect((await postJson(`${stack.url}/api/images/${image}/prune?dryRun=false`)).status).toBe(202);
      const status = await runUntilDone(stack, `prune-${image}`);
      expect(status.runtimeStatus, JSON.stringify(status.output)).toBe('Completed');
      const output = status.output as PruneOutput;
      expect(output.failed).toEqual([]);
      deprecated += output.deprecated.length;
      deleted += output.deleted.length;
    }
    const requests = await stack.armRequests();
    const writes = requests.filter((r) => r.method !== 'GET').length;
    console.log(
      [
        `${IMAGES} applied prunes: ${deprecated} deprecated, ${deleted} deleted; ARM requests ${requests.length} (${writes} writes/deletes, ${requests.length - writes} reads incl. one fresh GET per deletion and the delete polls)`,
        summarize(requests),
      ].join('\n'),
    );
  });
});
