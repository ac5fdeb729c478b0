import { describe, expect, it } from 'vitest';
import * as domain from '../../../../shared/domain/index';

describe('shared/domain index', () => {
  it.each([
    'checkName', 'DEFAULT_NAMING_CONVENTION',
    'parseVersion', 'formatVersion', 'compareVersions', 'nextVersion', 'VersionOverflowError', 'INT32_MAX',
    'normalizeRegion', 'latestVersion', 'latestByRegion', 'servesLatestIn',
    'planRebuild', 'baseImageTagValue', 'baseImageTagMatches', 'BASE_IMAGE_TAG', 'RECIPE_TAG',
    'planRetention', 'planReplication',
  ])('exports %s', (name) => {
    expect(domain).toHaveProperty(name);
    expect(domain[name as keyof typeof domain]).toBeDefined();
  });
});
