import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PruneOutput } from '../../functions/contracts';
import type { SeedDocument } from '@image-autopilot/azure-offline';
import { armReader, imageRef } from '../support/armReader';
import { aCatalog, anImage, GALLERY, GALLERY_RG, SUBSCRIPTION } from '../support/builders';
import { postJson, runIdOf, runUntilDone } from '../support/durableApi';
import { seedFor, startStack, type Stack } from '../support/stack';

const IMAGE = 'ubuntu-web';
const REGIONS = ['westeurope', 'northeurope', 'eastus'] as const;
type Region = (typeof REGIONS)[number];
const definitionId = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${IMAGE}`;

interface VersionModel {
  patch: number;
  ageDays: number;
  deprecated: boolean;
  /** Re-included in this region although excluded version-wide: `latest` there may resolve to it. */
  reIncludedIn: Region | null;
  replicatingIn: Region | null;
  extraRegions: Region[];
  protectedTag: boolean;
}

interface UserModel {
  kind: 'vm' | 'vmss';
  location: Region;
  /** Index into the versions, or null for the definition (follows `latest`). */
  pinned: number | null;
}

const region = fc.constantFrom(...REGIONS);
const versionModel = fc.record({
  patch: fc.constant(0),
  ageDays: fc.integer({ min: 30, max: 300 }),
  // Weighted so that most versions are deletable candidates: the guards are what the property is about.
  deprecated: fc.constantFrom(true, true, true, false),
  reIncludedIn: fc.option(region, { nil: null, freq: 4 }),
  replicatingIn: fc.option(fc.constantFrom<Region>('northeurope', 'eastus'), { nil: null, freq: 6 }),
  extraRegions: fc.subarray(['northeurope', 'eastus'] as Region[]),
  protectedTag: fc.constantFrom(false, false, false, false, true),
});
const model = fc
  .array(versionModel, { minLength: 3, maxLength: 8 })
  .map((versions) => versions.map((v, i) => ({ ...v, patch: i + 1 })))
  .chain((versions) =>
    fc.record({
      versions: fc.constant(versions),
      users: fc.array(fc.record({ kind: fc.constantFrom<'vm' | 'vmss'>('vm', 'vmss'), location: region, pinned: fc.option(fc.nat({ max: versions.length - 1 }), { nil: null, freq: 3 }) }), { maxLength: 10 }),
    }),
  );

const nameOf = (v: VersionModel) => `1.0.${v.patch}`;

function regionsOf(v: VersionModel): Region[] {
  const all = new Set<Region>(['westeurope', ...v.extraRegions]);
  if (v.reIncludedIn) all.add(v.reIncludedIn);
  if (v.replicatingIn) all.add(v.replicatingIn);
  return [...all];
}

/**
 * Ground truth, written independently of the product's domain code: which version `latest` may resolve to per
 * region. A region still replicating is counted both ways (it may finish during the run).
 */
function mayBeLatest(versions: VersionModel[]): Map<Region, Set<string>> {
  const out = new Map<Region, Set<string>>();
  for (const r of REGIONS) {
    const excludedIn = (v: VersionModel) => (v.reIncludedIn === r ? false : v.deprecated);
    const serving = (v: VersionModel, optimistic: boolean) => regionsOf(v).includes(r) && !excludedIn(v) && (optimistic || v.replicatingIn !== r);
    const names = new Set<string>();
    for (const optimistic of [false, true]) {
      const best = versions.filter((v) => serving(v, optimistic)).sort((a, b) => b.patch - a.patch)[0];
      if (best) names.add(nameOf(best));
    }
    out.set(r, names);
  }
  return out;
}

function protectTags(v: VersionModel): Record<string, string> {
  return v.protectedTag ? { 'autopilot-retain': 'true' } : {};
}

function seedOf(versions: VersionModel[], users: UserModel[], now: Date): SeedDocument {
  const catalog = stack.catalog;
  const base = seedFor(catalog);
  const eolPassed = new Date(now.getTime() - 86_400_000).toISOString();
  const versionSeeds = versions.map((v) => ({
    name: nameOf(v),
    ageDays: v.ageDays,
    targetRegions: regionsOf(v).map((r) => (r === v.reIncludedIn && v.deprecated ? { name: r, excludeFromLatest: false } : { name: r })),
    excludeFromLatest: v.deprecated,
    ...(v.deprecated ? { endOfLifeDate: eolPassed } : {}),
    ...(v.replicatingIn ? { replication: { [v.replicatingIn]: 'InProgress' as const } } : {}),
    tags: protectTags(v),
  }));
  const imageId = (u: UserModel) => {
    const pinned = u.pinned === null ? undefined : versions[u.pinned];
    return pinned ? `${definitionId}/versions/${nameOf(pinned)}` : definitionId;
  };
  return {
    ...base,
    resourceGroups: [...(base.resourceGroups ?? []), { name: 'rg-apps' }],
    galleries: (base.galleries ?? []).map((g) => ({ ...g, images: (g.images ?? []).map((i) => ({ ...i, versions: versionSeeds })) })),
    virtualMachines: users.flatMap((u, i) => (u.kind === 'vm' ? [{ resourceGroup: 'rg-apps', name: `vm-${i}`, location: u.location, imageReference: { id: imageId(u) } }] : [])),
    scaleSets: users.flatMap((u, i) => (u.kind === 'vmss' ? [{ resourceGroup: 'rg-apps', name: `vmss-${i}`, location: u.location, imageReference: { id: imageId(u) } }] : [])),
  };
}

let stack: Stack;

beforeAll(async () => {
  const retention = { ...anImage().retention, keepLatest: 1, minAgeDays: 7, maxDeletionsPerRun: 50, maxDeleteShare: 1, mode: 'apply' as const };
  stack = await startStack({ catalog: aCatalog({ images: [anImage({ retention })] }) });
});

afterAll(async () => {
  await stack?.stop();
});

describe('prune safety property through the stack', () => {
  it('random versions and usage: no deleted version was in use, latest anywhere or protected', async () => {
    let deletedOverall = 0;
    await fc.assert(
      fc.asyncProperty(model, async ({ versions, users }) => {
        expect((await stack.control('POST', 'reset')).status).toBe(200);
        const seeded = await stack.control('POST', 'seed', seedOf(versions, users, stack.clock.now()));
        expect(seeded.status, JSON.stringify(seeded.body)).toBe(200);

        const started = await postJson(`${stack.url}/api/images/${IMAGE}/prune?dryRun=false`);
        expect(started.status, JSON.stringify(started.body)).toBe(202);
        const run = await runUntilDone(stack, runIdOf(started));
        expect(run.runtimeStatus, JSON.stringify(run.output)).toBe('Completed');
        const output = run.output as PruneOutput;

        const left = new Set((await armReader(stack).gallery.listImageVersions(imageRef(stack, IMAGE))).map((v) => v.name));
        const gone = versions.filter((v) => !left.has(nameOf(v)));
        expect(gone.map(nameOf).sort()).toEqual([...output.deleted].sort());
        deletedOverall += gone.length;

        const latest = mayBeLatest(versions);
        for (const v of gone) {
          const name = nameOf(v);
          const pinnedBy = users.filter((u) => u.pinned !== null && versions[u.pinned] === v);
          const throughLatest = users.filter((u) => u.pinned === null && latest.get(u.location)?.has(name));
          const latestIn = REGIONS.filter((r) => latest.get(r)?.has(name));
          expect({ name, pinnedBy, throughLatest, latestIn, protected: v.protectedTag }).toEqual({
            name,
            pinnedBy: [],
            throughLatest: [],
            latestIn: [],
            protected: false,
          });
        }
      }),
      { numRuns: 10, seed: 20261125 },
    );
    // The property must not hold vacuously: some runs did delete.
    expect(deletedOverall).toBeGreaterThan(0);
  });
});
