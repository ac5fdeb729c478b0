import fc from 'fast-check';
import type { RetentionPolicy } from '../../../../shared/domain/catalog';
import type { GalleryVersionView, ReplicaStateName, VersionReplicaState } from '../../../../shared/domain/latest';

/** The fixed instant every domain test judges ages and end-of-life dates against. */
export const NOW = new Date('2026-11-25T20:15:00.000Z');
const DAY_MS = 86_400_000;

export function daysAgo(days: number, now: Date = NOW): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

export function daysAhead(days: number, now: Date = NOW): string {
  return new Date(now.getTime() + days * DAY_MS).toISOString();
}

export function replica(region: string, state: ReplicaStateName = 'Completed', excludeFromLatest?: boolean): VersionReplicaState {
  return excludeFromLatest === undefined ? { region, state } : { region, state, excludeFromLatest };
}

/** A healthy version published 100 days ago, replicated to westeurope; override what a test is about. */
export function aVersion(name: string, overrides: Partial<GalleryVersionView> = {}): GalleryVersionView {
  return {
    name,
    publishedDate: daysAgo(100),
    excludeFromLatest: false,
    endOfLifeDate: null,
    provisioningState: 'Succeeded',
    tags: {},
    regions: [replica('westeurope')],
    blockDeletionBeforeEndOfLife: false,
    ...overrides,
  };
}

/** Deprecated by a previous prune run: excluded from latest with an end-of-life date. */
export function aDeprecatedVersion(name: string, endOfLifeDate: string, overrides: Partial<GalleryVersionView> = {}): GalleryVersionView {
  return aVersion(name, { excludeFromLatest: true, endOfLifeDate, ...overrides });
}

export function aRetentionPolicy(overrides: Partial<RetentionPolicy> = {}): RetentionPolicy {
  return {
    keepLatest: 2,
    minAgeDays: 7,
    maxAgeDays: null,
    deprecateBeforeDeleteDays: 14,
    maxDeletionsPerRun: 10,
    maxDeleteShare: 1,
    protectTag: 'autopilot-retain',
    mode: 'dryRun',
    ...overrides,
  };
}

const REGIONS = ['westeurope', 'northeurope', 'eastus'] as const;

/** Random gallery content: unique valid names, mixed states, exclusions, dates and tags. */
export function galleryVersionsArb(opts: { maxLength?: number } = {}): fc.Arbitrary<GalleryVersionView[]> {
  const name = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 40 }))
    .map(([a, b, c]) => `${a}.${b}.${c}`);
  const replicaArb = fc.record({
    region: fc.constantFrom(...REGIONS, 'West Europe'),
    state: fc.constantFrom<ReplicaStateName>('Completed', 'Completed', 'Completed', 'InProgress', 'Failed', 'Unknown'),
    excludeFromLatest: fc.option(fc.boolean(), { nil: undefined }),
  }).map((r) => replica(r.region, r.state, r.excludeFromLatest));
  const dayOffset = fc.integer({ min: -400, max: 400 });
  const view = (n: string) => fc.record({
    publishedDate: fc.option(fc.integer({ min: 0, max: 400 }).map((d) => daysAgo(d)), { nil: null, freq: 10 }),
    lifecycle: fc.oneof(
      { weight: 3, arbitrary: fc.constant({ excludeFromLatest: false, endOfLifeDate: null }) },
      // Deprecated by an earlier run, end of life passed: the delete candidates properties need to see often.
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 60 }).map((d) => ({ excludeFromLatest: true, endOfLifeDate: daysAgo(d) })) },
      { weight: 2, arbitrary: fc.record({ excludeFromLatest: fc.boolean(), endOfLifeDate: fc.option(dayOffset.map((d) => daysAhead(d)), { nil: null }) }) },
    ),
    provisioningState: fc.constantFrom('Succeeded', 'Succeeded', 'Succeeded', 'Failed', 'Creating', 'Updating', 'Deleting'),
    tags: fc.oneof(
      { weight: 5, arbitrary: fc.constant<Record<string, string>>({}) },
      { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>({ 'autopilot-retain': 'true' }, { 'Autopilot-Retain': 'yes' }, { 'autopilot-retain': 'false' }) },
    ),
    regions: fc.uniqueArray(replicaArb, { maxLength: 3, selector: (r) => r.region.replace(/\s+/g, '').toLowerCase() }),
    blockDeletionBeforeEndOfLife: fc.boolean(),
  }).map(({ lifecycle, ...rest }): GalleryVersionView => ({ name: n, ...lifecycle, ...rest }));
  return fc.uniqueArray(name, { maxLength: opts.maxLength ?? 30 }).chain((names) => fc.tuple(...names.map(view)));
}
