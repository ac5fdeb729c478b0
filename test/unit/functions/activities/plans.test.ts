import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, parseVersion } from '../../../../shared/domain/versions';
import { aCatalog } from '../../../support/builders';
import { checkNames } from '../../../../functions/activities/checkNames';
import { planBuildVersion } from '../../../../functions/activities/planBuildVersion';

const now = '2026-11-25T10:00:00.000Z';
const naming = aCatalog().policy.naming;

describe('planBuildVersion', () => {
  it.each([
    ['first semver build', [], 'base-1', { version: '1.0.0', baseImageChanged: false }],
    ['same base image: patch', [{ name: '1.0.3', baseImage: 'base-1' }], 'base-1', { version: '1.0.4', baseImageChanged: false }],
    ['new base image: minor', [{ name: '1.0.3', baseImage: 'base-1' }], 'base-2', { version: '1.1.0', baseImageChanged: true }],
    ['unknown provenance: patch', [{ name: '1.2.3', baseImage: null }], 'base-2', { version: '1.2.4', baseImageChanged: false }],
    [
      'compares against the highest version only',
      [{ name: '1.0.9', baseImage: 'base-2' }, { name: '1.0.10', baseImage: 'base-1' }],
      'base-2',
      { version: '1.1.0', baseImageChanged: true },
    ],
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
        const existing = names.map((name) => ({ name, baseImage: 'base-1' }));
        const plan = planBuildVersion({ versioning: { scheme: 'semver', major: 1 }, existing, baseImage: sameBase ? 'base-1' : 'base-2', now });
        expect(parseVersion(plan.version)).not.toBeNull();
        for (const name of names) expect(compareVersions(plan.version, name)).toBe(1);
      }),
    );
  });
});

describe('checkNames', () => {
  it.each([
    ['all fine', 'gal_autopilot', 'ubuntu-web', '1.0.0', []],
    ['hyphen in gallery', 'gal-autopilot', 'ubuntu-web', '1.0.0', ['azure.gallery.charset', 'convention.gallery']],
    ['upper case image breaks the convention', 'gal_autopilot', 'Ubuntu-Web', '1.0.0', ['convention.imageDefinition']],
    ['int32 overflow', 'gal_autopilot', 'ubuntu-web', '1.202611251000.0', ['azure.version.int32']],
  ])('%s', (_case, gallery, image, version, rules) => {
    const { violations } = checkNames({ gallery, image, version, naming });
    expect(violations.map((v) => v.rule).filter((r) => r !== 'convention.version')).toEqual(rules);
  });
});
