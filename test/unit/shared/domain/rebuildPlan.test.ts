import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RebuildPolicy } from '../../../../shared/domain/catalog';
import { BASE_IMAGE_TAG, RECIPE_TAG } from '../../../../shared/domain/tags';
import {
  baseImageTagMatches,
  baseImageTagValue,
  planRebuild,
  type LatestVersionFacts,
  type RebuildInput,
} from '../../../../shared/domain/rebuildPlan';
import { NOW, daysAgo } from './galleryVersionBuilder';

const RECIPE = 'a'.repeat(64);
const OTHER_RECIPE = 'b'.repeat(64);
const BASE = '22.04.202611010';
// A stand-in hash (the product passes sha256): deterministic and visibly different from its input.
const fakeHash = (s: string) => `h${s.length}:${s.slice(0, 8)}`;

function aPolicy(overrides: Partial<RebuildPolicy> = {}): RebuildPolicy {
  return { onBaseImageChange: true, onRecipeChange: true, maxAgeDays: 30, pauseAfterFailures: 3, ...overrides };
}

function aLatest(overrides: Partial<LatestVersionFacts> = {}, tags: Record<string, string> = {}): LatestVersionFacts {
  return { name: '1.0.4', publishedDate: daysAgo(3), tags: { [BASE_IMAGE_TAG]: BASE, [RECIPE_TAG]: RECIPE, ...tags }, ...overrides };
}

function anInput(overrides: Partial<RebuildInput> = {}): RebuildInput {
  return { policy: aPolicy(), baseImageVersion: BASE, latest: aLatest(), recipeSha256: RECIPE, now: NOW, ...overrides };
}

describe('planRebuild', () => {
  it.each<{ why: string; input: Partial<RebuildInput>; decision: string; reasons: string[]; baseImageChanged: boolean }>([
    { why: 'nothing changed', input: {}, decision: 'up-to-date', reasons: [], baseImageChanged: false },
    { why: 'no version yet', input: { latest: null }, decision: 'rebuild', reasons: ['no-version'], baseImageChanged: false },
    { why: 'no image definition yet (new to the catalog)', input: { latest: null, definitionMissing: true }, decision: 'rebuild', reasons: ['definition-missing'], baseImageChanged: false },
    {
      why: 'no image definition yet, whatever the policy says',
      input: { latest: null, definitionMissing: true, policy: aPolicy({ onBaseImageChange: false, onRecipeChange: false, maxAgeDays: null }) },
      decision: 'rebuild', reasons: ['definition-missing'], baseImageChanged: false,
    },
    { why: 'newer base image', input: { baseImageVersion: '22.04.202611200' }, decision: 'rebuild', reasons: ['base-image-changed'], baseImageChanged: true },
    { why: 'base image changed but the policy ignores it', input: { baseImageVersion: '22.04.202611200', policy: aPolicy({ onBaseImageChange: false }) }, decision: 'up-to-date', reasons: [], baseImageChanged: true },
    { why: 'base image unknown', input: { baseImageVersion: null }, decision: 'up-to-date', reasons: [], baseImageChanged: false },
    { why: 'missing base tag counts as changed', input: { latest: aLatest({ tags: { [RECIPE_TAG]: RECIPE } }) }, decision: 'rebuild', reasons: ['base-image-changed'], baseImageChanged: true },
    { why: 'recipe changed', input: { recipeSha256: OTHER_RECIPE }, decision: 'rebuild', reasons: ['recipe-changed'], baseImageChanged: false },
    { why: 'recipe changed but the policy ignores it', input: { recipeSha256: OTHER_RECIPE, policy: aPolicy({ onRecipeChange: false }) }, decision: 'up-to-date', reasons: [], baseImageChanged: false },
    { why: 'missing recipe tag counts as changed', input: { latest: aLatest({ tags: { [BASE_IMAGE_TAG]: BASE } }) }, decision: 'rebuild', reasons: ['recipe-changed'], baseImageChanged: false },
    { why: 'tag names are case-insensitive', input: { latest: aLatest({ tags: { 'AUTOPILOT-BASE-IMAGE': BASE, 'Autopilot-Recipe-Sha256': RECIPE } }) }, decision: 'up-to-date', reasons: [], baseImageChanged: false },
    { why: 'older than maxAgeDays', input: { latest: aLatest({ publishedDate: daysAgo(31) }) }, decision: 'rebuild', reasons: ['max-age-exceeded'], baseImageChanged: false },
    { why: 'exactly maxAgeDays old is not older', input: { latest: aLatest({ publishedDate: daysAgo(30) }) }, decision: 'up-to-date', reasons: [], baseImageChanged: false },
    { why: 'no age limit', input: { latest: aLatest({ publishedDate: daysAgo(3000) }), policy: aPolicy({ maxAgeDays: null }) }, decision: 'up-to-date', reasons: [], baseImageChanged: false },
    { why: 'unknown published date', input: { latest: aLatest({ publishedDate: null }) }, decision: 'up-to-date', reasons: [], baseImageChanged: false },
    {
      why: 'every reason at once, in a stable order',
      input: { baseImageVersion: '22.04.3', recipeSha256: OTHER_RECIPE, latest: aLatest({ publishedDate: daysAgo(90) }) },
      decision: 'rebuild', reasons: ['base-image-changed', 'recipe-changed', 'max-age-exceeded'], baseImageChanged: true,
    },
  ])('$why', ({ input, decision, reasons, baseImageChanged }) => {
    const plan = planRebuild(anInput(input));
    expect(plan).toMatchObject({ decision, reasons, baseImageChanged });
    expect(plan.detail.length).toBeGreaterThan(0);
  });

  describe('when the latest version is a capture (no build provenance)', () => {
    const captured = aLatest({ name: '1.0.5', publishedDate: daysAgo(1), tags: { 'autopilot-source-vm': '0123456789abcdef' } });
    const lastBuild = { name: '1.0.4', tags: { [BASE_IMAGE_TAG]: BASE, [RECIPE_TAG]: RECIPE } };

    it.each<{ why: string; input: Partial<RebuildInput>; decision: string; reasons: string[] }>([
      { why: 'nothing moved since the last build: the capture stays', input: {}, decision: 'up-to-date', reasons: [] },
      { why: 'the base image moved since the last build', input: { baseImageVersion: '22.04.202611200' }, decision: 'rebuild', reasons: ['base-image-changed'] },
      { why: 'the recipe changed since the last build', input: { recipeSha256: OTHER_RECIPE }, decision: 'rebuild', reasons: ['recipe-changed'] },
      { why: 'the capture itself is too old', input: { latest: { ...captured, publishedDate: daysAgo(31) } }, decision: 'rebuild', reasons: ['max-age-exceeded'] },
    ])('$why → $decision', ({ input, decision, reasons }) => {
      const plan = planRebuild(anInput({ latest: captured, latestBuilt: lastBuild, ...input }));
      expect(plan).toMatchObject({ decision, reasons });
      expect(plan.detail).toContain('1.0.5 was captured; provenance from build 1.0.4');
    });

    it('without any build to compare with, rebuilds as before (provenance unknown)', () => {
      expect(planRebuild(anInput({ latest: captured })).reasons).toEqual(['base-image-changed', 'recipe-changed']);
    });
  });

  it('explains itself with the versions involved', () => {
    const plan = planRebuild(anInput({ baseImageVersion: '22.04.9', latest: aLatest({ publishedDate: daysAgo(45) }) }));
    expect(plan.detail).toContain('"22.04.9"');
    expect(plan.detail).toContain(`"${BASE}"`);
    expect(plan.detail).toContain('45 days old');
  });

  it('compares a long base version through its hash', () => {
    const long = `x${'9'.repeat(300)}`;
    const latest = aLatest({ tags: { [BASE_IMAGE_TAG]: fakeHash(long), [RECIPE_TAG]: RECIPE } });
    expect(planRebuild(anInput({ baseImageVersion: long, baseImageVersionHash: fakeHash(long), latest })).decision).toBe('up-to-date');
    expect(planRebuild(anInput({ baseImageVersion: long, baseImageVersionHash: 'other', latest })).reasons).toEqual(['base-image-changed']);
  });

  it.each<[string, Partial<RebuildInput>, RegExp]>([
    ['long base version without its hash', { baseImageVersion: 'v'.repeat(257) }, /baseImageVersionHash: required when baseImageVersion is longer than 256 characters \(got 257\)/],
    ['unreadable published date', { latest: aLatest({ publishedDate: 'yesterday' }) }, /latest\.publishedDate: must be an ISO 8601 date, got "yesterday"/],
    ['negative maxAgeDays', { policy: aPolicy({ maxAgeDays: -1 }) }, /rebuild\.maxAgeDays: must be a number >= 0 or null, got -1/],
    ['invalid now', { now: new Date(Number.NaN) }, /now: must be a valid date/],
  ])('refuses %s', (_why, input, message) => {
    expect(() => planRebuild(anInput(input))).toThrow(message);
  });
});

describe('baseImageTagValue / baseImageTagMatches', () => {
  it.each([
    ['short', 'short'],
    ['v'.repeat(256), 'v'.repeat(256)],
    ['v'.repeat(257), fakeHash('v'.repeat(257))],
  ])('writes %j as %j', (version, expected) => {
    expect(baseImageTagValue(version, fakeHash)).toBe(expected);
  });

  it('matches exactly what baseImageTagValue writes, and the value always fits a tag', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), fc.string({ maxLength: 400 }), (a, b) => {
      const tag = baseImageTagValue(a, fakeHash);
      expect(tag.length).toBeLessThanOrEqual(256);
      expect(baseImageTagMatches(tag, a, fakeHash)).toBe(true);
      expect(baseImageTagMatches(undefined, a, fakeHash)).toBe(false);
      if (baseImageTagValue(b, fakeHash) !== tag) expect(baseImageTagMatches(tag, b, fakeHash)).toBe(false);
    }));
  });
});

describe('planRebuild properties', () => {
  const inputArb = fc.record({
    policy: fc.record({
      onBaseImageChange: fc.boolean(),
      onRecipeChange: fc.boolean(),
      maxAgeDays: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
      pauseAfterFailures: fc.integer({ min: 0, max: 5 }),
    }),
    baseImageVersion: fc.option(fc.constantFrom('1.0.1', '1.0.2', '2.0.0'), { nil: null }),
    latest: fc.option(fc.record({
      name: fc.constant('1.0.4'),
      publishedDate: fc.option(fc.integer({ min: 0, max: 800 }).map((d) => daysAgo(d)), { nil: null }),
      tags: fc.record({ [BASE_IMAGE_TAG]: fc.constantFrom('1.0.1', '1.0.2'), [RECIPE_TAG]: fc.constantFrom(RECIPE, OTHER_RECIPE) }, { requiredKeys: [] }),
    }), { nil: null }),
    recipeSha256: fc.constantFrom(RECIPE, OTHER_RECIPE),
  }).map((parts): RebuildInput => ({ ...parts, now: NOW }));

  it('rebuilds exactly when some reason applies, and each reason is allowed by the policy', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const plan = planRebuild(input);
      expect(plan.decision === 'rebuild').toBe(plan.reasons.length > 0);
      if (plan.reasons.includes('base-image-changed')) expect(input.policy.onBaseImageChange && plan.baseImageChanged).toBe(true);
      if (plan.reasons.includes('recipe-changed')) expect(input.policy.onRecipeChange).toBe(true);
      if (plan.reasons.includes('max-age-exceeded')) expect(input.policy.maxAgeDays).not.toBeNull();
      if (input.latest === null) expect(plan.reasons).toEqual(['no-version']);
      expect(new Set(plan.reasons).size).toBe(plan.reasons.length);
    }));
  });

  it('an image whose latest version matches the current base image and recipe and is young enough is up to date', () => {
    fc.assert(fc.property(inputArb, (input) => {
      if (input.latest === null || input.baseImageVersion === null) return;
      const fresh = { ...input.latest, publishedDate: NOW.toISOString(), tags: { [BASE_IMAGE_TAG]: input.baseImageVersion, [RECIPE_TAG]: input.recipeSha256 } };
      expect(planRebuild({ ...input, latest: fresh })).toMatchObject({ decision: 'up-to-date', baseImageChanged: false });
    }));
  });
});
