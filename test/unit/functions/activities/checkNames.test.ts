import { describe, expect, it } from 'vitest';
import { checkNames } from '../../../../functions/activities/checkNames';
import { aCatalog } from '../../../support/builders';

const naming = aCatalog().policy.naming;

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
