import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planBuildVersion } from '../../../../functions/activities/planBuildVersion';
import { planRebuildRun } from '../../../../functions/activities/planRebuildRun';
import { createReadRebuildImageStateActivity } from '../../../../functions/activities/readRebuildImageState';
import type { ExistingVersionFacts } from '../../../../functions/contracts';
import { recipeSha256 } from '../../../../shared/domain/hashing';
import { provenanceTags } from '../../../../shared/domain/provenance';
import { compareVersions, parseVersion } from '../../../../shared/domain/versions';
import { aDefinition, anImage, aVersion, GALLERY, GALLERY_RG, LOCATION, SUBSCRIPTION } from '../../../support/builders';
import { FakeArm } from '../../../support/fakeArm';

const now = '2026-11-25T10:00:00.000Z';

const built = (name: string, base: string, extra: Partial<ExistingVersionFacts> = {}): ExistingVersionFacts => ({
  name,
  provisioningState: 'Succeeded',
  excludeFromLatest: false,
  tags: { 'autopilot-base-image': base, 'autopilot-recipe-sha256': 'r'.repeat(64) },
  ...extra,
});
const captured = (name: string, tags: Record<string, string> = {}): ExistingVersionFacts => ({ name, provisioningState: 'Succeeded', excludeFromLatest: false, tags });

describe('planBuildVersion', () => {
  it.each<[string, ExistingVersionFacts[], string, { version: string; baseImageChanged: boolean }]>([
    ['first semver build', [], 'base-1', { version: '1.0.0', baseImageChanged: false }],
    ['same base image: patch', [built('1.0.3', 'base-1')], 'base-1', { version: '1.0.4', baseImageChanged: false }],
    ['new base image: minor', [built('1.0.3', 'base-1')], 'base-2', { version: '1.1.0', baseImageChanged: true }],
    ['tag names in another case still count', [built('1.0.3', 'x', { tags: { 'Autopilot-Base-Image': 'base-1', 'AUTOPILOT-RECIPE-SHA256': 'r' } })], 'base-1', { version: '1.0.4', baseImageChanged: false }],
    ['unknown provenance (no tags at all): minor, as the rebuild planner counts it changed', [captured('1.2.3')], 'base-2', { version: '1.3.0', baseImageChanged: true }],
    ['a captured latest, base moved since the last build: minor', [built('1.3.2', 'base-1'), captured('1.3.3')], 'base-2', { version: '1.4.0', baseImageChanged: true }],
    ['a captured latest, base unchanged since the last build: patch', [built('1.3.2', 'base-1'), captured('1.3.3')], 'base-1', { version: '1.3.4', baseImageChanged: false }],
    [
      'a capture’s recorded origin does not stand in for the last build',
      [built('1.3.2', 'base-1'), captured('1.3.3', { 'autopilot-base-image': 'base-2' })],
      'base-2',
      { version: '1.4.0', baseImageChanged: true },
    ],
    ['only captures: the latest capture’s recorded origin is what is known', [captured('1.0.0', { 'autopilot-base-image': 'base-2' })], 'base-2', { version: '1.0.1', baseImageChanged: false }],
    [
      'compares with latest, not with a higher unpromoted build',
      [built('1.0.3', 'base-1'), built('1.0.4', 'base-2', { excludeFromLatest: true })],
      'base-2',
      { version: '1.1.0', baseImageChanged: true },
    ],
    [
      'a failed build is no provenance',
      [built('1.0.2', 'base-1'), captured('1.0.3'), built('1.0.4', 'base-2', { provisioningState: 'Failed', excludeFromLatest: true })],
      'base-2',
      { version: '1.1.0', baseImageChanged: true },
    ],
    ['a capture (no base image) never bumps the minor', [built('1.0.3', 'base-1')], '', { version: '1.0.4', baseImageChanged: false }],
    ['a history recorded before: name and base image only', [{ name: '1.0.3', baseImage: 'base-1' }], 'base-2', { version: '1.1.0', baseImageChanged: true }],
  ])('%s', (_case, existing, baseImage, expected) => {
    expect(planBuildVersion({ versioning: { scheme: 'semver', major: 1 }, existing, baseImage, now })).toEqual(expected);
  });

  it('date scheme: Major.YYYYMMDD.N', () => {
    const plan = planBuildVersion({ versioning: { scheme: 'date', major: 2 }, existing: [{ name: '2.20261125.1', baseImage: null }], baseImage: 'b', now });
    expect(plan.version).toBe('2.20261125.2');
  });

  it('always plans a valid version above every existing one', () => {
    const segment = fc.integer({ min: 0, max: 100_000 });
    const version = fc.tuple(segment, segment, segment).map(([a, b, c]) => `${a}.${b}.${c}`);
    fc.assert(
      fc.property(fc.array(version, { maxLength: 20 }), fc.boolean(), (names, sameBase) => {
        const existing = names.map((name) => built(name, 'base-1'));
        const plan = planBuildVersion({ versioning: { scheme: 'semver', major: 1 }, existing, baseImage: sameBase ? 'base-1' : 'base-2', now });
        expect(parseVersion(plan.version)).not.toBeNull();
        for (const name of names) expect(compareVersions(plan.version, name)).toBe(1);
      }),
    );
  });

  it('property: the version planner bumps the minor exactly when the scheduled run finds base-image-changed', async () => {
    const ref = { subscriptionId: SUBSCRIPTION, resourceGroup: GALLERY_RG, galleryName: GALLERY, imageName: 'ubuntu-web' };
    const image = anImage();
    const recipe = recipeSha256(image.customization);
    const bases = ['Canonical:o:s:1', 'Canonical:o:s:2', 'Canonical:o:s:3'];
    const versionArb = fc.record({
      minor: fc.integer({ min: 0, max: 4 }),
      patch: fc.integer({ min: 0, max: 4 }),
      kind: fc.constantFrom('build', 'capture', 'capture-with-origin', 'untagged'),
      base: fc.constantFrom(...bases),
      state: fc.constantFrom('Succeeded', 'Succeeded', 'Failed'),
      excluded: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(versionArb, { selector: (v) => `${v.minor}.${v.patch}`, maxLength: 8 }), fc.constantFrom(...bases), async (specs, newest) => {
        const versions = specs.map((v) =>
          aVersion({
            name: `1.${v.minor}.${v.patch}`,
            provisioningState: v.state,
            excludeFromLatest: v.excluded,
            tags:
              v.kind === 'build'
                ? { 'autopilot-base-image': v.base, 'autopilot-recipe-sha256': recipe }
                : v.kind === 'capture-with-origin'
                  ? { 'autopilot-base-image': v.base, 'autopilot-source-vm': 'abc' }
                  : v.kind === 'capture'
                    ? { 'autopilot-source-vm': 'abc' }
                    : {},
          }),
        );
        const arm = new FakeArm();
        arm.addDefinition(ref, aDefinition());
        arm.versions.set('gal_autopilot/ubuntu-web', versions);
        const state = await createReadRebuildImageStateActivity({ gallery: arm })(ref);
        const [item] = planRebuildRun({
          now,
          sourceRegion: LOCATION,
          images: [{ image: image.name, rebuild: image.rebuild, recipeSha256: recipe, targetRegions: image.targetRegions, state, base: { status: 'resolved', exact: newest, tag: newest }, running: false }],
        }).items;
        // What planVersion passes: every listed version with its provenance tags.
        const existing = versions.map((v) => ({ name: v.name, provisioningState: v.provisioningState, excludeFromLatest: v.excludeFromLatest, tags: provenanceTags(v.tags) }));
        const plan = planBuildVersion({ versioning: { scheme: 'semver', major: 1 }, existing, baseImage: newest, now });
        if (state.latest !== null) expect(plan.baseImageChanged).toBe(item?.reasons.includes('base-image-changed') ?? false);
      }),
    );
  });
});
