import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { latestIn, type VersionFacts } from '../../src/arm/galleryLatest';
import { compareVersionNames } from '../../src/arm/nameRules';

const NOW = Date.parse('2026-11-25T00:00:00Z');

function version(name: string, overrides: { exclude?: boolean; regional?: Record<string, boolean>; replicating?: string[]; regions?: string[] } = {}): VersionFacts {
  const regions = overrides.regions ?? ['westeurope', 'eastus'];
  return {
    name,
    excludeFromLatest: overrides.exclude ?? false,
    regionalExclude: overrides.regional ?? {},
    replication: regions.map((region) => ({ region, startAt: NOW - 1000, endAt: overrides.replicating?.includes(region) ? NOW + 1000 : NOW - 1, failed: false })),
  };
}

describe('latest per region', () => {
  it.each([
    ['the highest version', [version('1.0.0'), version('1.2.0'), version('1.10.0')], 'westeurope', '1.10.0'],
    ['skipping a globally excluded one', [version('1.0.0'), version('2.0.0', { exclude: true })], 'westeurope', '1.0.0'],
    ['a regional exclusion winning over the global flag', [version('1.0.0'), version('2.0.0', { exclude: true, regional: { eastus: false } })], 'East US', '2.0.0'],
    ['skipping a region still replicating', [version('1.0.0'), version('2.0.0', { replicating: ['eastus'] })], 'eastus', '1.0.0'],
    ['skipping a version not targeting the region', [version('1.0.0'), version('2.0.0', { regions: ['westeurope'] })], 'eastus', '1.0.0'],
    ['nothing when every version is excluded', [version('1.0.0', { exclude: true })], 'westeurope', undefined],
  ])('serves %s', (_what, versions, region, expected) => {
    expect(latestIn(versions, region, NOW)?.name).toBe(expected);
  });

  it('never serves an excluded or unreplicated version, and nothing servable is higher', () => {
    const arbitraryVersion = fc.record({
      name: fc.tuple(fc.nat(5), fc.nat(5), fc.nat(5)).map((p) => p.join('.')),
      exclude: fc.boolean(),
      regional: fc.dictionary(fc.constantFrom('westeurope', 'eastus'), fc.boolean()),
      replicating: fc.subarray(['westeurope', 'eastus']),
    });
    fc.assert(
      fc.property(fc.uniqueArray(arbitraryVersion, { selector: (v) => v.name, maxLength: 8 }), fc.constantFrom('westeurope', 'eastus'), (specs, region) => {
        const versions = specs.map((s) => version(s.name, s));
        const servable = (v: VersionFacts) => !(v.regionalExclude[region] ?? v.excludeFromLatest) && v.replication.some((r) => r.region === region && r.endAt <= NOW);
        const latest = latestIn(versions, region, NOW);
        if (latest === undefined) expect(versions.some(servable)).toBe(false);
        else {
          expect(servable(latest)).toBe(true);
          expect(versions.filter(servable).every((v) => compareVersionNames(v.name, latest.name) <= 0)).toBe(true);
        }
      }),
    );
  });
});
