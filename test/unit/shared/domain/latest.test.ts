import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestByRegion, latestVersion, servesLatestIn, type GalleryVersionView } from '../../../../shared/domain/latest';
import { normalizeRegion } from '../../../../shared/domain/regions';
import { compareVersions } from '../../../../shared/domain/versions';
import { aVersion, galleryVersionsArb, replica } from './galleryVersionBuilder';

const twoRegions = [replica('westeurope'), replica('eastus')];

describe('latestVersion', () => {
  it.each<{ why: string; versions: GalleryVersionView[]; region?: string; expected: string | null }>([
    { why: 'no versions', versions: [], expected: null },
    { why: 'highest by number, not text', versions: [aVersion('1.0.9'), aVersion('1.0.10')], expected: '1.0.10' },
    { why: 'global exclusion skips', versions: [aVersion('1.0.1'), aVersion('1.0.2', { excludeFromLatest: true })], expected: '1.0.1' },
    { why: 'failed provisioning skips', versions: [aVersion('1.0.1'), aVersion('1.0.2', { provisioningState: 'Failed' })], expected: '1.0.1' },
    { why: 'still creating skips', versions: [aVersion('1.0.1'), aVersion('1.0.2', { provisioningState: 'Creating' })], expected: '1.0.1' },
    { why: 'unparsable names never win', versions: [aVersion('1.0.1'), aVersion('latest')], expected: '1.0.1' },
    { why: 'all excluded', versions: [aVersion('1.0.1', { excludeFromLatest: true })], expected: null },
    {
      why: 'region: replicating region does not serve the newest',
      versions: [aVersion('1.0.1', { regions: twoRegions }), aVersion('1.0.2', { regions: [replica('westeurope'), replica('eastus', 'InProgress')] })],
      region: 'eastus', expected: '1.0.1',
    },
    {
      why: 'region: failed replica does not serve',
      versions: [aVersion('1.0.1', { regions: twoRegions }), aVersion('1.0.2', { regions: [replica('westeurope'), replica('eastus', 'Failed')] })],
      region: 'eastus', expected: '1.0.1',
    },
    {
      why: 'region: not replicated there',
      versions: [aVersion('1.0.1', { regions: twoRegions }), aVersion('1.0.2')],
      region: 'eastus', expected: '1.0.1',
    },
    {
      why: 'region: regional exclusion wins over global inclusion',
      versions: [aVersion('1.0.1', { regions: twoRegions }), aVersion('1.0.2', { regions: [replica('westeurope'), replica('eastus', 'Completed', true)] })],
      region: 'eastus', expected: '1.0.1',
    },
    {
      why: 'region: regional inclusion wins over global exclusion',
      versions: [aVersion('1.0.1', { regions: twoRegions }), aVersion('1.0.2', { excludeFromLatest: true, regions: [replica('eastus', 'Completed', false)] })],
      region: 'eastus', expected: '1.0.2',
    },
    {
      why: 'region: unset regional flag falls back to global',
      versions: [aVersion('1.0.1', { regions: twoRegions }), aVersion('1.0.2', { excludeFromLatest: true, regions: twoRegions })],
      region: 'eastus', expected: '1.0.1',
    },
    {
      why: 'region: Updating still serves completed regions',
      versions: [aVersion('1.0.1'), aVersion('1.0.2', { provisioningState: 'Updating' })],
      region: 'westeurope', expected: '1.0.2',
    },
    { why: 'region: display name matches', versions: [aVersion('1.0.1')], region: 'West Europe', expected: '1.0.1' },
  ])('$why', ({ versions, region, expected }) => {
    expect(latestVersion(versions, region)).toBe(expected);
  });
});

describe('latestByRegion', () => {
  it('keys by normalized region and maps regions where nothing serves to null', () => {
    const versions = [
      aVersion('1.0.1', { regions: [replica('West Europe'), replica('eastus', 'InProgress')] }),
      aVersion('1.0.2', { regions: [replica('westeurope'), replica('northeurope', 'Completed', true)] }),
    ];
    expect(latestByRegion(versions)).toEqual({ eastus: null, northeurope: null, westeurope: '1.0.2' });
  });
});

describe('latest properties', () => {
  it('latestByRegion agrees with latestVersion(region) for every region', () => {
    fc.assert(fc.property(galleryVersionsArb(), (versions) => {
      const byRegion = latestByRegion(versions);
      for (const [region, latest] of Object.entries(byRegion)) {
        expect(latestVersion(versions, region)).toBe(latest);
      }
      const regions = new Set(versions.flatMap((v) => v.regions.map((r) => normalizeRegion(r.region))));
      expect(new Set(Object.keys(byRegion))).toEqual(regions);
    }));
  });

  it('the latest in a region serves there and no higher version does', () => {
    fc.assert(fc.property(galleryVersionsArb(), fc.constantFrom('westeurope', 'eastus', 'northeurope'), (versions, region) => {
      const latest = latestVersion(versions, region);
      const serving = versions.filter((v) => servesLatestIn(v, region));
      if (latest === null) {
        expect(serving).toEqual([]);
        return;
      }
      expect(serving.map((v) => v.name)).toContain(latest);
      for (const v of serving) expect(compareVersions(v.name, latest)).toBeLessThanOrEqual(0);
    }));
  });

  it('does not depend on the order of the versions', () => {
    fc.assert(fc.property(galleryVersionsArb().chain((vs) => fc.tuple(fc.constant(vs), fc.shuffledSubarray(vs, { minLength: vs.length, maxLength: vs.length }))), ([vs, shuffled]) => {
      expect(latestByRegion(shuffled)).toEqual(latestByRegion(vs));
      expect(latestVersion(shuffled)).toBe(latestVersion(vs));
    }));
  });
});
