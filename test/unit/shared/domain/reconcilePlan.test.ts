import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TargetRegion } from '../../../../shared/domain/catalog';
import { planImageReplication, RECONCILE_VERSIONS_PER_RUN, type VersionRegionGroup } from '../../../../shared/domain/reconcilePlan';
import { compareVersions } from '../../../../shared/domain/versions';

const desired: TargetRegion[] = [
  { name: 'westeurope', replicas: 1, storageAccountType: 'Standard_LRS' },
  { name: 'eastus', replicas: 1, storageAccountType: 'Standard_LRS' },
];
const full = desired.map((r) => ({ name: r.name, replicas: r.replicas, storageAccountType: r.storageAccountType }));
const old = [{ name: 'westeurope', replicas: 1, storageAccountType: 'Standard_LRS' }];
const zrs = desired.map((r) => ({ name: r.name, replicas: r.replicas, storageAccountType: 'Standard_ZRS' }));

describe('planImageReplication', () => {
  it.each<[string, { version: string; targetRegions: typeof old } | null, VersionRegionGroup[], { latest: string | null; versions: string[]; deferred: string[] }]>([
    ['nothing differs', { version: '1.0.5', targetRegions: full }, [{ versions: ['1.0.1'], targetRegions: full }], { latest: null, versions: [], deferred: [] }],
    ['only the latest differs', { version: '1.0.5', targetRegions: old }, [{ versions: ['1.0.1'], targetRegions: full }], { latest: '1.0.5', versions: ['1.0.5'], deferred: [] }],
    ['only an older one differs', { version: '1.0.5', targetRegions: full }, [{ versions: ['1.0.1'], targetRegions: old }], { latest: null, versions: ['1.0.1'], deferred: [] }],
    ['storage type only: reported on the latest, sent for none', { version: '1.0.5', targetRegions: zrs }, [{ versions: ['1.0.1'], targetRegions: zrs }], { latest: '1.0.5', versions: [], deferred: [] }],
    [
      'the latest first, then newest first, five at most',
      { version: '1.0.5', targetRegions: old },
      [{ versions: ['1.0.0', '1.0.10', '1.0.2'], targetRegions: old }, { versions: ['1.0.3', '1.0.4', '1.0.6'], targetRegions: old }],
      { latest: '1.0.5', versions: ['1.0.5', '1.0.10', '1.0.6', '1.0.4', '1.0.3'], deferred: ['1.0.2', '1.0.0'] },
    ],
    ['no latest (nothing serves it)', null, [{ versions: ['1.0.1'], targetRegions: old }], { latest: null, versions: ['1.0.1'], deferred: [] }],
  ])('%s', (_case, latest, others, expected) => {
    const plan = planImageReplication(desired, latest, others, { sourceRegion: 'westeurope' });
    expect(plan.latest?.version ?? null).toBe(expected.latest);
    expect(plan.versions.map((v) => v.version)).toEqual(expected.versions);
    expect(plan.deferred).toEqual(expected.deferred);
  });

  it('refuses a desired list without the source region, like planReplication', () => {
    expect(() => planImageReplication(desired, null, [{ versions: ['1.0.0'], targetRegions: old }], { sourceRegion: 'northeurope' })).toThrow(/source region/);
  });

  it('property: every differing version is planned or deferred exactly once; at most the limit planned; newest first after the latest', () => {
    const group = fc.record({
      versions: fc.uniqueArray(fc.tuple(fc.nat(9), fc.nat(9)).map(([a, b]) => `1.${a}.${b}`), { maxLength: 6 }),
      differs: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(group, { maxLength: 4 }), fc.boolean(), fc.integer({ min: 1, max: 8 }), (groups, latestDiffers, limit) => {
        const seen = new Set<string>();
        const others: VersionRegionGroup[] = groups.map((g) => ({ versions: g.versions.filter((n) => !seen.has(n) && seen.add(n) !== undefined), targetRegions: g.differs ? old : full }));
        const plan = planImageReplication(desired, { version: '2.0.0', targetRegions: latestDiffers ? old : full }, others, { sourceRegion: 'westeurope', limit });
        const differing = others.filter((g) => g.targetRegions === old).flatMap((g) => g.versions);
        const planned = plan.versions.map((v) => v.version);
        expect(planned.length).toBeLessThanOrEqual(limit);
        expect([...planned, ...plan.deferred].sort()).toEqual([...differing, ...(latestDiffers ? ['2.0.0'] : [])].sort());
        if (latestDiffers) expect(planned[0]).toBe('2.0.0');
        const rest = [...planned.filter((n) => n !== '2.0.0'), ...plan.deferred];
        expect(rest).toEqual([...rest].sort((a, b) => compareVersions(b, a)));
        for (const v of plan.versions) expect(v.plan.changed).toBe(true);
      }),
    );
  });

  it('the bound is documented as five', () => {
    expect(RECONCILE_VERSIONS_PER_RUN).toBe(5);
  });
});
