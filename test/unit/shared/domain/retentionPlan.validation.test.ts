import { describe, expect, it } from 'vitest';
import type { GalleryVersionView } from '../../../../shared/domain/latest';
import { planRetention, type PrunePlanItem } from '../../../../shared/domain/retentionPlan';
import { NOW, aDeprecatedVersion, aRetentionPolicy, aVersion, daysAgo } from './galleryVersionBuilder';

/** Two healthy older versions (1.0.1 latest); 1.0.3, newer than both, was refused by its validation gate. */
function planFor(refused: GalleryVersionView, policy: Partial<ReturnType<typeof aRetentionPolicy>>): PrunePlanItem | undefined {
  const plan = planRetention({
    image: 'web',
    versions: [aVersion('1.0.0'), aVersion('1.0.1'), refused],
    usage: {},
    policy: { ...aRetentionPolicy(), keepLatest: 3, minAgeDays: 7, ...policy },
    now: NOW,
    dryRun: true,
    galleryShared: false,
    allowPruneWhenShared: false,
  });
  return plan.items.find((i) => i.version === refused.name);
}

const refused = (value: string, overrides: Partial<GalleryVersionView> = {}) =>
  aVersion('1.0.3', { excludeFromLatest: true, publishedDate: daysAgo(10), tags: { 'autopilot-validation': value }, ...overrides });

describe('prune and versions the validation gate refused', () => {
  // maxAgeDays 180 would keep any other young version (within-max-age); the count rule would call it superseded.
  it.each([
    ['failed', { maxAgeDays: 180 }],
    ['rejected', { maxAgeDays: 180 }],
    ['timed-out', { maxAgeDays: null }],
    ['FAILED', { maxAgeDays: 180 }],
  ] as const)('a version tagged autopilot-validation=%s is deprecated once minAgeDays old, under any rule', (value, policy) => {
    expect(planFor(refused(value), policy)).toMatchObject({ action: 'deprecate', reason: 'validation-failed', detail: expect.stringContaining(`autopilot-validation=${value.toLowerCase()}`) });
  });

  it('and deleted once its end of life passed', () => {
    const item = planFor(aDeprecatedVersion('1.0.3', daysAgo(1), { publishedDate: daysAgo(20), tags: { 'autopilot-validation': 'failed' } }), { maxAgeDays: 180 });
    expect(item).toMatchObject({ action: 'delete', reason: 'validation-failed' });
  });

  it.each([
    ['younger than minAgeDays', refused('failed', { publishedDate: daysAgo(2) }), 'too-young'],
    ['protected', refused('failed', { tags: { 'autopilot-validation': 'failed', 'autopilot-retain': 'true' } }), 'protected'],
    ['a value the gate never writes', refused('passed'), 'within-max-age'],
  ] as const)('is kept when %s', (_name, version, reason) => {
    expect(planFor(version, { maxAgeDays: 180 })).toMatchObject({ action: 'keep', reason });
  });
});
