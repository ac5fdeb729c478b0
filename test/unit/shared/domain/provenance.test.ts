import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestVersion } from '../../../../shared/domain/latest';
import { buildProvenance, exactImageOrigin, madeByBuild, provenanceTags, type ImageReferenceFacts, type ProvenanceFacts } from '../../../../shared/domain/provenance';
import { compareVersions } from '../../../../shared/domain/versions';

const RECIPE = { 'autopilot-recipe-sha256': 'r' };
function v(name: string, overrides: Partial<ProvenanceFacts> = {}): ProvenanceFacts {
  return { name, provisioningState: 'Succeeded', excludeFromLatest: false, tags: {}, ...overrides };
}
const build = (name: string, overrides: Partial<ProvenanceFacts> = {}) => v(name, { tags: { 'autopilot-base-image': `base-of-${name}`, ...RECIPE }, ...overrides });

describe('buildProvenance', () => {
  it.each<[string, ProvenanceFacts[], string | null, string | null]>([
    ['no versions', [], null, null],
    ['a built latest is its own provenance', [build('1.0.0'), build('1.0.1')], '1.0.1', '1.0.1'],
    ['a captured latest: the newest build before it', [build('1.0.0'), build('1.0.1'), v('1.0.2')], '1.0.2', '1.0.1'],
    ['a captured latest: also a newer unpromoted build', [build('1.0.0'), v('1.0.2'), build('1.0.3', { excludeFromLatest: true })], '1.0.2', '1.0.3'],
    ['a failed build is never provenance', [build('1.0.0'), v('1.0.2'), build('1.0.3', { provisioningState: 'Failed', excludeFromLatest: true })], '1.0.2', '1.0.0'],
    ['only captures: the latest itself (what it records is all that is known)', [v('1.0.0'), v('1.0.1')], '1.0.1', '1.0.1'],
    ['nothing serves latest: the newest build', [build('1.0.0', { excludeFromLatest: true })], null, '1.0.0'],
    ['nothing serves latest, no build', [v('1.0.0', { excludeFromLatest: true })], null, null],
    ['an unparsable name is no build', [v('1.0.0'), build('junk')], '1.0.0', '1.0.0'],
  ])('%s', (_case, versions, latest, source) => {
    const out = buildProvenance(versions);
    expect(out.latest?.name ?? null).toBe(latest);
    expect(out.source?.name ?? null).toBe(source);
  });

  it('property: latest is latestVersion’s; the source is latest when a build made it, else a succeeded build no lower than any other', () => {
    const arb = fc.uniqueArray(
      fc.record({ minor: fc.nat(5), patch: fc.nat(5), built: fc.boolean(), failed: fc.boolean(), excluded: fc.boolean() }),
      { selector: (x) => `${x.minor}.${x.patch}`, maxLength: 10 },
    );
    fc.assert(
      fc.property(arb, (specs) => {
        const versions = specs.map((x) =>
          v(`1.${x.minor}.${x.patch}`, { provisioningState: x.failed ? 'Failed' : 'Succeeded', excludeFromLatest: x.excluded, tags: x.built ? RECIPE : {} }),
        );
        const { latest, source } = buildProvenance(versions);
        const views = versions.map((x) => ({ ...x, publishedDate: null, endOfLifeDate: null, regions: [], blockDeletionBeforeEndOfLife: false }));
        expect(latest?.name ?? null).toBe(latestVersion(views));
        const builds = versions.filter((x) => madeByBuild(x) && x.provisioningState === 'Succeeded');
        if (latest !== null && madeByBuild(latest)) expect(source).toBe(latest);
        else if (builds.length > 0) {
          expect(source === null ? false : builds.includes(source)).toBe(true);
          for (const other of builds) expect(compareVersions(source?.name ?? '', other.name)).toBeGreaterThanOrEqual(0);
        } else expect(source).toBe(latest);
      }),
    );
  });

  it('provenanceTags keeps only the two provenance tags, under their canonical names', () => {
    expect(provenanceTags({ 'Autopilot-Base-Image': 'b', 'AUTOPILOT-RECIPE-SHA256': 'r', owner: 'x', 'autopilot-build': 'y' })).toEqual({
      'autopilot-base-image': 'b',
      'autopilot-recipe-sha256': 'r',
    });
  });
});

const GALLERY_DEF = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal/images/web';

describe('exactImageOrigin', () => {
  it.each<[string, ImageReferenceFacts | undefined, string | null]>([
    ['no reference', undefined, null],
    ['a platform image at an exact version', { publisher: 'Canonical', offer: 'jammy', sku: '22_04', version: '22.04.1' }, 'Canonical:jammy:22_04:22.04.1'],
    ['a platform image at latest, resolved by ARM', { publisher: 'Canonical', offer: 'jammy', sku: '22_04', version: 'latest', exactVersion: '22.04.7' }, 'Canonical:jammy:22_04:22.04.7'],
    ['a platform image at latest, unresolved', { publisher: 'Canonical', offer: 'jammy', sku: '22_04', version: 'Latest' }, null],
    ['an incomplete platform reference', { publisher: 'Canonical', version: '1' }, null],
    ['a gallery version', { id: `${GALLERY_DEF}/versions/1.2.3` }, `${GALLERY_DEF}/versions/1.2.3`],
    ['a gallery definition, resolved by ARM', { id: GALLERY_DEF, exactVersion: '1.2.4' }, `${GALLERY_DEF}/versions/1.2.4`],
    ['a gallery definition, unresolved', { id: `${GALLERY_DEF}/` }, null],
    ['a shared gallery definition, unresolved', { sharedGalleryImageId: '/SharedGalleries/abc-gal/Images/web' }, null],
    ['a community gallery version', { communityGalleryImageId: '/CommunityGalleries/pub-1/Images/web/Versions/2.0.0' }, '/CommunityGalleries/pub-1/Images/web/Versions/2.0.0'],
    ['a managed image (immutable)', { id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/golden' }, '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/golden'],
  ])('%s', (_case, ref, expected) => {
    expect(exactImageOrigin(ref)).toBe(expected);
  });
});
