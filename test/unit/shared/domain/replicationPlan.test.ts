import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StorageAccountType, TargetRegion } from '../../../../shared/domain/catalog';
import { normalizeRegion, planReplication, type CurrentRegion, type ReplicationPlan } from '../../../../shared/domain/replicationPlan';

function region(name: string, replicas = 1, storageAccountType: StorageAccountType = 'Standard_LRS'): TargetRegion {
  return { name, replicas, storageAccountType };
}

/** What ARM holds after the PATCH: exactly the plan's target regions. */
function applyPlan(current: readonly CurrentRegion[], plan: ReplicationPlan): CurrentRegion[] {
  if (!plan.changed) return [...current];
  return plan.targetRegions.map((r) => ({ ...r }));
}

describe('normalizeRegion', () => {
  it.each([
    ['West Europe', 'westeurope'],
    ['westeurope', 'westeurope'],
    ['  East  US 2 ', 'eastus2'],
    ['NORTHEUROPE', 'northeurope'],
  ])('%j → %j', (name, expected) => {
    expect(normalizeRegion(name)).toBe(expected);
  });
});

describe('planReplication', () => {
  it.each<{ why: string; desired: TargetRegion[]; current: CurrentRegion[]; expected: Partial<ReplicationPlan> }>([
    {
      why: 'same set: nothing to do',
      desired: [region('westeurope', 2)], current: [region('westeurope', 2)],
      expected: { changed: false, add: [], remove: [], replicaChanges: [], notUpdatable: [] },
    },
    {
      why: 'display name equals name',
      desired: [region('westeurope', 2)], current: [region('West Europe', 2)],
      expected: { changed: false, add: [], remove: [] },
    },
    {
      why: 'a region added',
      desired: [region('westeurope'), region('eastus', 3, 'Standard_ZRS')], current: [region('westeurope')],
      expected: { changed: true, add: [region('eastus', 3, 'Standard_ZRS')], remove: [], targetRegions: [region('westeurope'), region('eastus', 3, 'Standard_ZRS')] },
    },
    {
      why: 'a region removed',
      desired: [region('westeurope')], current: [region('westeurope'), region('North Europe')],
      expected: { changed: true, add: [], remove: ['North Europe'], targetRegions: [region('westeurope')] },
    },
    {
      why: 'replica count changed',
      desired: [region('westeurope', 5)], current: [region('West Europe', 2)],
      expected: { changed: true, replicaChanges: [{ region: 'westeurope', from: 2, to: 5 }], targetRegions: [region('westeurope', 5)] },
    },
    {
      why: 'storage type change is reported, not attempted',
      desired: [region('westeurope', 1, 'Premium_LRS')], current: [region('westeurope', 1, 'Standard_LRS')],
      expected: {
        changed: false,
        notUpdatable: [{ region: 'westeurope', field: 'storageAccountType', from: 'Standard_LRS', to: 'Premium_LRS' }],
        targetRegions: [region('westeurope', 1, 'Standard_LRS')],
      },
    },
    {
      why: 'storage type kept while replicas change',
      desired: [region('westeurope', 3, 'Premium_LRS')], current: [region('westeurope', 1, 'Standard_ZRS')],
      expected: { changed: true, targetRegions: [region('westeurope', 3, 'Standard_ZRS')] },
    },
    {
      why: 'storage type compares case-insensitively',
      desired: [region('westeurope', 1, 'Standard_LRS')], current: [{ name: 'westeurope', replicas: 1, storageAccountType: 'standard_lrs' }],
      expected: { changed: false, notUpdatable: [] },
    },
  ])('$why', ({ desired, current, expected }) => {
    expect(planReplication(desired, current)).toMatchObject(expected);
  });

  it.each<[string, TargetRegion[], CurrentRegion[], RegExp]>([
    ['a desired region twice', [region('westeurope'), region('West Europe')], [], /desired\[1\]\.name: region "West Europe" is listed twice/],
    ['a current region twice', [region('westeurope')], [region('eastus'), region('EastUS')], /current\[1\]\.name: region "EastUS" is listed twice/],
    ['an empty region name', [region(' ')], [], /desired\[0\]\.name: must not be empty/],
    ['zero replicas', [region('westeurope', 0)], [], /desired\[0\]\.replicas: must be an integer 1\.\.100, got 0/],
    ['too many replicas', [region('westeurope', 101)], [], /desired\[0\]\.replicas: must be an integer 1\.\.100, got 101/],
  ])('refuses %s', (_why, desired, current, message) => {
    expect(() => planReplication(desired, current)).toThrow(message);
  });

  it('refuses a desired set without the source region, and accepts it spelled differently', () => {
    expect(() => planReplication([region('eastus')], [region('westeurope')], { sourceRegion: 'westeurope' }))
      .toThrow(/desired: must include the source region "westeurope"/);
    expect(planReplication([region('West Europe', 2)], [region('westeurope')], { sourceRegion: 'westeurope' }).changed).toBe(true);
  });
});

describe('planReplication properties', () => {
  const NAMES = ['westeurope', 'northeurope', 'eastus', 'eastus2', 'swedencentral'];
  const spell = (n: string) => fc.constantFrom(n, n.toUpperCase(), n.replace('europe', ' Europe').replace('us', ' US'));
  const storage = fc.constantFrom<StorageAccountType>('Standard_LRS', 'Standard_ZRS', 'Premium_LRS', 'PremiumV2_LRS');
  const regionsArb = fc.subarray(NAMES).chain((names) => fc.tuple(...names.map((n) =>
    fc.record({ name: spell(n), replicas: fc.integer({ min: 1, max: 100 }), storageAccountType: storage }))));
  const key = (r: { name: string }) => normalizeRegion(r.name);
  const sorted = <T extends { name: string }>(rs: readonly T[]) => [...rs].sort((a, b) => key(a).localeCompare(key(b)));

  it('round-trips: applying the plan yields the desired regions and replicas, storage kept where not updatable', () => {
    fc.assert(fc.property(regionsArb, regionsArb, (desired, current) => {
      const plan = planReplication(desired, current);
      const after = sorted(applyPlan(current, plan));
      const want = sorted(desired);
      expect(after.map((r) => [key(r), r.replicas])).toEqual(want.map((r) => [key(r), r.replicas]));
      const blocked = new Set(plan.notUpdatable.map((n) => normalizeRegion(n.region)));
      for (const r of want) {
        const got = after.find((a) => key(a) === key(r));
        expect(got?.storageAccountType).toBe(blocked.has(key(r)) ? current.find((c) => key(c) === key(r))?.storageAccountType : r.storageAccountType);
      }
      // Once applied, nothing is left to change.
      expect(planReplication(desired, after).changed).toBe(false);
    }));
  });

  it('add, remove and replica changes partition the differences; unchanged input means no change', () => {
    fc.assert(fc.property(regionsArb, regionsArb, (desired, current) => {
      const plan = planReplication(desired, current);
      const have = new Set(current.map(key));
      const want = new Set(desired.map(key));
      expect(new Set(plan.add.map(key))).toEqual(new Set([...want].filter((k) => !have.has(k))));
      expect(new Set(plan.remove.map(normalizeRegion))).toEqual(new Set([...have].filter((k) => !want.has(k))));
      for (const c of plan.replicaChanges) expect(c.from).not.toBe(c.to);
      expect(plan.changed).toBe(plan.add.length + plan.remove.length + plan.replicaChanges.length > 0);
      expect(planReplication(desired, desired).changed).toBe(false);
    }));
  });
});
