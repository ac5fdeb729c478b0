import type { SeedDocument } from '@image-autopilot/azure-offline';
import { aCatalog, anImage, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../test/support/builders';
import { seedFor, type ArmRequest } from '../test/support/stack';

// Issue 8's figure: ARM requests for a prune of 20 images × 50 versions with 500 VMs / scale sets in the usage
// scope, counted from the emulator's request log, against the naive count (list + GET per version + a usage
// lookup per version). Printed, never asserted as a goal: the reviewer reads the ratio.
export const IMAGES = 20;
export const VERSIONS = 50;
export const VMS = 250;
export const SCALE_SETS = 250;
const USERS_RG = 'rg-apps';

export const imageNames = Array.from({ length: IMAGES }, (_, i) => `img-${String(i).padStart(2, '0')}`);
// Publisher/offer/SKU are unique per gallery: each image gets its own offer. `apply` for the applied prunes' stack
// (POST …?dryRun=false is refused for an image whose catalog mode is `dryRun`, the default).
const benchImage = (name: string, mode: 'dryRun' | 'apply' = 'dryRun') =>
  anImage({ name, definition: { ...anImage().definition, offer: name }, retention: { ...anImage().retention, mode } });
export const benchCatalog = (mode: 'dryRun' | 'apply' = 'dryRun') => aCatalog({ images: imageNames.map((name) => benchImage(name, mode)) });
const definitionId = (image: string) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${image}`;

export function benchSeed(): Partial<SeedDocument> {
  const base = seedFor(benchCatalog());
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

export function summarize(requests: ArmRequest[]): string {
  const byRoute = new Map<string, number>();
  for (const r of requests) {
    const route = `${r.method} ${r.path.replace(/\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?\/providers\//i, '…/').replace(/img-\d+/, 'img-NN').replace(/versions\/[\d.]+$/, 'versions/V')}`;
    byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
  }
  return [...byRoute.entries()].sort((a, b) => b[1] - a[1]).map(([route, n]) => `  ${String(n).padStart(4)}  ${route}`).join('\n');
}
