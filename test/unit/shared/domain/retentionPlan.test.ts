import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RetentionPolicy } from '../../../../shared/domain/catalog';
import { latestByRegion, latestVersion, type GalleryVersionView } from '../../../../shared/domain/latest';
import { planRetention, type PrunePlan, type RetentionInput } from '../../../../shared/domain/retentionPlan';
import { compareVersions } from '../../../../shared/domain/versions';
import {
  NOW,
  aDeprecatedVersion,
  aRetentionPolicy,
  aVersion,
  daysAgo,
  daysAhead,
  galleryVersionsArb,
  replica,
} from './galleryVersionBuilder';

const VM = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';

function anInput(versions: GalleryVersionView[], overrides: Partial<Omit<RetentionInput, 'versions'>> = {}): RetentionInput {
  return {
    image: 'web',
    versions,
    usage: {},
    policy: aRetentionPolicy(),
    now: NOW,
    dryRun: true,
    galleryShared: false,
    allowPruneWhenShared: false,
    ...overrides,
  };
}

function itemFor(plan: PrunePlan, version: string) {
  const item = plan.items.find((i) => i.version === version);
  if (!item) throw new Error(`no plan item for ${version}`);
  return item;
}

/** Three healthy versions on top (latest + keepLatest 2 protect 1.0.10 and 1.0.9), then the one under test. */
function withNewer(subject: GalleryVersionView): GalleryVersionView[] {
  return [aVersion('1.0.10'), aVersion('1.0.9'), aVersion('1.0.8'), subject];
}

describe('planRetention: one version judged', () => {
  it.each<{ why: string; subject: GalleryVersionView; input?: Partial<RetentionInput>; action: string; reason: string }>([
    { why: 'unused, old, beyond keepLatest → deprecate', subject: aVersion('1.0.1'), action: 'deprecate', reason: 'superseded' },
    { why: 'deprecated, end of life passed → delete', subject: aDeprecatedVersion('1.0.1', daysAgo(1)), action: 'delete', reason: 'superseded' },
    { why: 'deprecated, end of life ahead → wait', subject: aDeprecatedVersion('1.0.1', daysAhead(1)), action: 'keep', reason: 'eol-not-reached' },
    { why: 'deprecated, Azure blocks deletion before end of life', subject: aDeprecatedVersion('1.0.1', daysAhead(1), { blockDeletionBeforeEndOfLife: true }), action: 'keep', reason: 'eol-blocked' },
    { why: 'blockDeletion does not matter after end of life', subject: aDeprecatedVersion('1.0.1', daysAgo(1), { blockDeletionBeforeEndOfLife: true }), action: 'delete', reason: 'superseded' },
    { why: 'excluded without end of life is not deprecated yet', subject: aVersion('1.0.1', { excludeFromLatest: true }), action: 'deprecate', reason: 'superseded' },
    { why: 'end of life without exclusion is not deprecated yet', subject: aVersion('1.0.1', { endOfLifeDate: daysAgo(3) }), action: 'deprecate', reason: 'superseded' },
    { why: 'protect tag', subject: aVersion('1.0.1', { tags: { 'autopilot-retain': 'true' } }), action: 'keep', reason: 'protected' },
    { why: 'protect tag name is case-insensitive', subject: aDeprecatedVersion('1.0.1', daysAgo(1), { tags: { 'AutoPilot-Retain': 'yes' } }), action: 'keep', reason: 'protected' },
    { why: 'protect tag set to false does not protect', subject: aVersion('1.0.1', { tags: { 'autopilot-retain': 'false' } }), action: 'deprecate', reason: 'superseded' },
    { why: 'custom protect tag', subject: aVersion('1.0.1', { tags: { keep: 'true' } }), input: { policy: aRetentionPolicy({ protectTag: 'keep' }) }, action: 'keep', reason: 'protected' },
    { why: 'in use by a VM', subject: aDeprecatedVersion('1.0.1', daysAgo(1)), input: { usage: { '1.0.1': [VM] } }, action: 'keep', reason: 'in-use' },
    { why: 'empty usage list is not use', subject: aVersion('1.0.1'), input: { usage: { '1.0.1': [] } }, action: 'deprecate', reason: 'superseded' },
    { why: 'too young', subject: aVersion('1.0.1', { publishedDate: daysAgo(6) }), action: 'keep', reason: 'too-young' },
    { why: 'exactly minAgeDays old is old enough', subject: aVersion('1.0.1', { publishedDate: daysAgo(7) }), action: 'deprecate', reason: 'superseded' },
    { why: 'unknown published date', subject: aVersion('1.0.1', { publishedDate: null }), action: 'keep', reason: 'too-young' },
    { why: 'still replicating a region', subject: aVersion('1.0.1', { regions: [replica('westeurope'), replica('eastus', 'InProgress')] }), action: 'keep', reason: 'replicating' },
    { why: 'provisioning still running', subject: aVersion('1.0.1', { provisioningState: 'Creating' }), action: 'keep', reason: 'replicating' },
    { why: 'failed provisioning is removable', subject: aVersion('1.0.1', { provisioningState: 'Failed' }), action: 'deprecate', reason: 'superseded' },
    { why: 'age rule: younger than maxAgeDays', subject: aVersion('1.0.1', { publishedDate: daysAgo(20) }), input: { policy: aRetentionPolicy({ maxAgeDays: 30 }) }, action: 'keep', reason: 'within-max-age' },
    { why: 'age rule: older than maxAgeDays', subject: aVersion('1.0.1', { publishedDate: daysAgo(31) }), input: { policy: aRetentionPolicy({ maxAgeDays: 30 }) }, action: 'deprecate', reason: 'expired' },
    { why: 'age rule: deprecated and expired', subject: aDeprecatedVersion('1.0.1', daysAgo(1)), input: { policy: aRetentionPolicy({ maxAgeDays: 30 }) }, action: 'delete', reason: 'expired' },
    { why: 'shared gallery without permission', subject: aDeprecatedVersion('1.0.1', daysAgo(1)), input: { galleryShared: true }, action: 'keep', reason: 'shared-gallery' },
    { why: 'shared gallery with permission', subject: aDeprecatedVersion('1.0.1', daysAgo(1)), input: { galleryShared: true, allowPruneWhenShared: true }, action: 'delete', reason: 'superseded' },
    { why: 'cap of zero', subject: aDeprecatedVersion('1.0.1', daysAgo(1)), input: { policy: aRetentionPolicy({ maxDeletionsPerRun: 0 }) }, action: 'keep', reason: 'cap-reached' },
    { why: 'share: 1 of 4 exceeds 0.2', subject: aDeprecatedVersion('1.0.1', daysAgo(1)), input: { policy: aRetentionPolicy({ maxDeleteShare: 0.2 }) }, action: 'keep', reason: 'share-exceeded' },
    { why: 'share: 1 of 4 is exactly 0.25', subject: aDeprecatedVersion('1.0.1', daysAgo(1)), input: { policy: aRetentionPolicy({ maxDeleteShare: 0.25 }) }, action: 'delete', reason: 'superseded' },
  ])('$why', ({ subject, input, action, reason }) => {
    const plan = planRetention(anInput(withNewer(subject), input));
    expect(itemFor(plan, subject.name)).toMatchObject({ action, reason });
    expect(itemFor(plan, '1.0.10')).toMatchObject({ action: 'keep', reason: 'latest' });
    expect(itemFor(plan, '1.0.9')).toMatchObject({ action: 'keep', reason: 'within-keep-latest' });
  });

  it('keeps a version that is latest only in one region, even when deprecated and expired', () => {
    const regional = aDeprecatedVersion('1.0.5', daysAgo(10), { regions: [replica('westeurope'), replica('eastus', 'Completed', false)] });
    const plan = planRetention(anInput([aVersion('1.0.10'), aVersion('1.0.9'), regional], { policy: aRetentionPolicy({ keepLatest: 0 }) }));
    expect(itemFor(plan, '1.0.5')).toMatchObject({ action: 'keep', reason: 'latest', detail: 'latest in eastus' });
    expect(itemFor(plan, '1.0.9')).toMatchObject({ action: 'deprecate', reason: 'superseded' });
  });

  it('protects what latest may resolve to in a region whose replication state is unknown', () => {
    const versions = [
      aVersion('1.0.10', { regions: [replica('westeurope'), replica('eastus', 'Unknown')] }),
      aVersion('1.0.9', { regions: [replica('westeurope'), replica('eastus')] }),
      aVersion('1.0.8', { regions: [replica('westeurope'), replica('northeurope', 'Unknown')] }),
    ];
    const plan = planRetention(anInput(versions, { policy: aRetentionPolicy({ keepLatest: 0 }) }));
    // Strictly, eastus serves 1.0.9 (1.0.10's state there is unknown) — and if 1.0.10 completed there, 1.0.9 is not latest.
    expect(itemFor(plan, '1.0.9')).toMatchObject({ action: 'keep', reason: 'latest', detail: 'latest in eastus' });
    expect(itemFor(plan, '1.0.8')).toMatchObject({ action: 'keep', reason: 'latest', detail: 'latest in northeurope (replication state unknown)' });
  });

  it('does not count withdrawn or failed builds toward keepLatest', () => {
    const versions = [
      aVersion('1.0.10'),
      aVersion('1.0.9', { excludeFromLatest: true }),
      aVersion('1.0.8', { provisioningState: 'Failed' }),
      aVersion('1.0.7'),
      aVersion('1.0.6'),
    ];
    const plan = planRetention(anInput(versions));
    expect(plan.items.map((i) => [i.version, i.action, i.reason])).toEqual([
      ['1.0.10', 'keep', 'latest'],
      ['1.0.9', 'deprecate', 'superseded'],
      ['1.0.8', 'deprecate', 'superseded'],
      ['1.0.7', 'keep', 'within-keep-latest'],
      ['1.0.6', 'deprecate', 'superseded'],
    ]);
  });

  it('sets end of life now + deprecateBeforeDeleteDays, never earlier than one already set', () => {
    const plan = planRetention(anInput([
      aVersion('1.0.10'), aVersion('1.0.9'),
      aVersion('1.0.2'),
      aVersion('1.0.1', { endOfLifeDate: daysAhead(30) }),
    ]));
    expect(itemFor(plan, '1.0.2').endOfLifeDate).toBe(daysAhead(14));
    expect(itemFor(plan, '1.0.1').endOfLifeDate).toBe(daysAhead(30));
    expect(itemFor(plan, '1.0.10').endOfLifeDate).toBeUndefined();
  });

  it('deletes the oldest first when the cap bites, and the share check sees only capped deletions', () => {
    const old = ['1.0.1', '1.0.2', '1.0.3', '1.0.4'].map((n) => aDeprecatedVersion(n, daysAgo(1)));
    const versions = [aVersion('1.0.10'), aVersion('1.0.9'), ...old];
    const plan = planRetention(anInput(versions, { policy: aRetentionPolicy({ maxDeletionsPerRun: 2, maxDeleteShare: 0.4 }) }));
    expect(plan.items.map((i) => [i.version, i.action, i.reason])).toEqual([
      ['1.0.10', 'keep', 'latest'],
      ['1.0.9', 'keep', 'within-keep-latest'],
      ['1.0.4', 'keep', 'cap-reached'],
      ['1.0.3', 'keep', 'cap-reached'],
      ['1.0.2', 'delete', 'superseded'],
      ['1.0.1', 'delete', 'superseded'],
    ]);
    expect(plan.summary).toEqual({ keep: 4, deprecate: 0, delete: 2 });
  });

  it('refuses the whole run when the share is exceeded: deletions and deprecations alike, cap-reached stays', () => {
    const versions = [
      aVersion('1.0.10'), aVersion('1.0.9'),
      aVersion('1.0.5'),
      ...['1.0.1', '1.0.2', '1.0.3', '1.0.4'].map((n) => aDeprecatedVersion(n, daysAgo(1))),
    ];
    const plan = planRetention(anInput(versions, { policy: aRetentionPolicy({ maxDeletionsPerRun: 3, maxDeleteShare: 0.3 }) }));
    expect(plan.items.map((i) => [i.version, i.action, i.reason])).toEqual([
      ['1.0.10', 'keep', 'latest'],
      ['1.0.9', 'keep', 'within-keep-latest'],
      ['1.0.5', 'keep', 'share-exceeded'],
      ['1.0.4', 'keep', 'cap-reached'],
      ['1.0.3', 'keep', 'share-exceeded'],
      ['1.0.2', 'keep', 'share-exceeded'],
      ['1.0.1', 'keep', 'share-exceeded'],
    ]);
    expect(itemFor(plan, '1.0.1').detail).toContain('3 of 7 versions');
    expect(itemFor(plan, '1.0.5').detail).toMatch(/^superseded, but the run changes nothing: 3 of 7 versions/);
    expect(plan.summary).toEqual({ keep: 7, deprecate: 0, delete: 0 });
  });

  it('echoes image and dryRun and orders items highest first, junk names last', () => {
    const plan = planRetention(anInput([aVersion('bad'), aVersion('1.0.2'), aVersion('1.0.10')], { dryRun: false }));
    expect(plan.image).toBe('web');
    expect(plan.dryRun).toBe(false);
    expect(plan.items.map((i) => i.version)).toEqual(['1.0.10', '1.0.2', 'bad']);
  });

  it('says which regions are still replicating', () => {
    const busy = aVersion('1.0.1', { regions: [replica('westeurope'), replica('eastus', 'InProgress')] });
    expect(itemFor(planRetention(anInput(withNewer(busy))), '1.0.1').detail).toBe('still replicating to eastus');
  });

  it('reads usage only for the version itself, never from Object.prototype', () => {
    const plan = planRetention(anInput([aVersion('1.0.10'), aVersion('1.0.9'), aVersion('constructor'), aVersion('toString')]));
    expect(itemFor(plan, 'constructor')).toMatchObject({ action: 'deprecate', reason: 'superseded' });
    expect(itemFor(plan, 'toString')).toMatchObject({ action: 'deprecate', reason: 'superseded' });
  });

  it('plans an empty gallery as an empty plan', () => {
    expect(planRetention(anInput([]))).toEqual({ image: 'web', dryRun: true, items: [], summary: { keep: 0, deprecate: 0, delete: 0 } });
  });
});

describe('planRetention: bad input', () => {
  it.each<[string, Partial<RetentionPolicy>, RegExp]>([
    ['negative keepLatest', { keepLatest: -1 }, /retention\.keepLatest: must be an integer >= 0, got -1/],
    ['fractional cap', { maxDeletionsPerRun: 1.5 }, /retention\.maxDeletionsPerRun: must be an integer >= 0/],
    ['share above 1', { maxDeleteShare: 1.5 }, /retention\.maxDeleteShare: must be 0\.\.1, got 1\.5/],
    ['NaN share', { maxDeleteShare: Number.NaN }, /retention\.maxDeleteShare/],
    ['negative minAgeDays', { minAgeDays: -3 }, /retention\.minAgeDays: must be a number >= 0/],
    ['negative maxAgeDays', { maxAgeDays: -3 }, /retention\.maxAgeDays/],
    ['empty protect tag', { protectTag: '' }, /retention\.protectTag: must not be empty/],
  ])('%s', (_why, policy, message) => {
    expect(() => planRetention(anInput([aVersion('1.0.1')], { policy: aRetentionPolicy(policy) }))).toThrow(message);
  });

  it('names the version field holding an unreadable date', () => {
    const versions = [aVersion('1.0.2'), aVersion('1.0.1', { endOfLifeDate: 'soon' })];
    expect(() => planRetention(anInput(versions))).toThrow(/versions\[1\]\.endOfLifeDate: must be an ISO 8601 date, got "soon"/);
  });

  it('refuses an invalid now', () => {
    expect(() => planRetention(anInput([], { now: new Date(Number.NaN) }))).toThrow(/now: must be a valid date/);
  });
});

describe('planRetention properties', () => {
  const policyArb = fc.record<RetentionPolicy>({
    keepLatest: fc.integer({ min: 0, max: 5 }),
    minAgeDays: fc.integer({ min: 0, max: 60 }),
    maxAgeDays: fc.option(fc.integer({ min: 0, max: 365 }), { nil: null }),
    deprecateBeforeDeleteDays: fc.integer({ min: 0, max: 30 }),
    maxDeletionsPerRun: fc.integer({ min: 0, max: 10 }),
    maxDeleteShare: fc.oneof(fc.constantFrom(0, 0.25, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    protectTag: fc.constant('autopilot-retain'),
    mode: fc.constantFrom('dryRun' as const, 'apply' as const),
  });
  const inputArb = galleryVersionsArb().chain((versions) => fc.record({
    versions: fc.constant(versions),
    usage: fc.subarray(versions.map((v) => v.name)).map((used) => Object.fromEntries(used.map((n) => [n, [`${VM}-${n}`]]))),
    policy: policyArb,
    galleryShared: fc.boolean(),
    allowPruneWhenShared: fc.boolean(),
    dryRun: fc.boolean(),
  })).map((parts): RetentionInput => ({ image: 'web', now: NOW, ...parts }));

  const healthy = (v: GalleryVersionView) => v.provisioningState === 'Succeeded' && !v.excludeFromLatest;

  it('never removes the latest in any region, anything in use, protected or inside keepLatest; never exceeds the cap', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const plan = planRetention(input);
      const latest = new Set([latestVersion(input.versions), ...Object.values(latestByRegion(input.versions))]);
      const keepSlots = new Set(input.versions.filter(healthy).sort((a, b) => compareVersions(b.name, a.name)).slice(0, input.policy.keepLatest).map((v) => v.name));
      let deletes = 0;
      for (const item of plan.items) {
        if (item.action === 'keep') continue;
        const v = input.versions.find((x) => x.name === item.version);
        expect(v).toBeDefined();
        expect(latest.has(item.version)).toBe(false);
        expect(input.usage[item.version] ?? []).toEqual([]);
        expect(v?.tags['autopilot-retain'] ?? v?.tags['Autopilot-Retain'] ?? 'false').toBe('false');
        expect(keepSlots.has(item.version)).toBe(false);
        if (input.galleryShared) expect(input.allowPruneWhenShared).toBe(true);
        if (item.action === 'delete') {
          deletes += 1;
          expect(v?.excludeFromLatest).toBe(true);
          expect(Date.parse(v?.endOfLifeDate ?? 'x')).toBeLessThanOrEqual(NOW.getTime());
        } else {
          expect(Date.parse(item.endOfLifeDate ?? 'x')).toBeGreaterThanOrEqual(NOW.getTime() + input.policy.deprecateBeforeDeleteDays * 86_400_000);
        }
      }
      expect(deletes).toBeLessThanOrEqual(input.policy.maxDeletionsPerRun);
      if (input.versions.length > 0) expect(deletes / input.versions.length).toBeLessThanOrEqual(input.policy.maxDeleteShare);
    }));
  });

  it('never removes a version younger than minAgeDays, of unknown age, or with an operation running', () => {
    fc.assert(fc.property(inputArb, (input) => {
      for (const item of planRetention(input).items) {
        if (item.action === 'keep') continue;
        const v = input.versions.find((x) => x.name === item.version);
        expect(v?.publishedDate).not.toBeNull();
        expect(NOW.getTime() - Date.parse(v?.publishedDate ?? '')).toBeGreaterThanOrEqual(input.policy.minAgeDays * 86_400_000);
        expect(['Succeeded', 'Failed']).toContain(v?.provisioningState);
        expect(v?.regions.some((r) => r.state === 'InProgress')).toBe(false);
      }
    }));
  });

  it('the cap keeps the lowest deletions; an exceeded share turns every deletion and deprecation into share-exceeded and nothing else', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const unlimited = planRetention({ ...input, policy: { ...input.policy, maxDeletionsPerRun: 1_000_000, maxDeleteShare: 1 } });
      const capped = planRetention({ ...input, policy: { ...input.policy, maxDeleteShare: 1 } });
      const actual = planRetention(input);
      const deleted = (p: PrunePlan) => p.items.filter((i) => i.action === 'delete').map((i) => i.version);
      // Items run highest first, so the lowest deletions are the tail of the unlimited list.
      const wouldDelete = deleted(unlimited);
      const expectedCapped = input.policy.maxDeletionsPerRun === 0 ? [] : wouldDelete.slice(-input.policy.maxDeletionsPerRun);
      expect(deleted(capped)).toEqual(expectedCapped);
      const refused = input.versions.length > 0 && deleted(capped).length / input.versions.length > input.policy.maxDeleteShare;
      actual.items.forEach((item, i) => {
        const before = capped.items[i];
        if (refused && before !== undefined && before.action !== 'keep') {
          expect(item).toMatchObject({ version: before.version, action: 'keep', reason: 'share-exceeded' });
        } else {
          expect(item).toEqual(before);
        }
      });
      expect(actual.items.some((i) => i.reason === 'share-exceeded')).toBe(refused);
      if (refused) expect(actual.summary).toMatchObject({ deprecate: 0, delete: 0 });
    }));
  });

  it('explains every version exactly once and the summary adds up', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const plan = planRetention(input);
      expect(plan.items.map((i) => i.version).sort()).toEqual(input.versions.map((v) => v.name).sort());
      for (const item of plan.items) expect(item.detail.length).toBeGreaterThan(0);
      const count = (a: string) => plan.items.filter((i) => i.action === a).length;
      expect(plan.summary).toEqual({ keep: count('keep'), deprecate: count('deprecate'), delete: count('delete') });
    }));
  });

  it('is deterministic: same input, and the same input in any order, gives the same plan', () => {
    const withShuffle = inputArb.chain((input) => fc.tuple(fc.constant(input), fc.shuffledSubarray([...input.versions], { minLength: input.versions.length, maxLength: input.versions.length })));
    fc.assert(fc.property(withShuffle, ([input, shuffled]) => {
      const plan = planRetention(input);
      expect(planRetention(structuredClone(input))).toEqual(plan);
      expect(planRetention({ ...input, versions: shuffled })).toEqual(plan);
    }));
  });

  it('does not mutate its input', () => {
    fc.assert(fc.property(inputArb, (input) => {
      const before = structuredClone(input);
      planRetention(input);
      expect(input).toEqual(before);
    }));
  });
});
