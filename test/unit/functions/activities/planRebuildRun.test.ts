import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlanRebuildRunImage, RebuildRunStatus } from '../../../../functions/contracts';
import { anImage, LOCATION } from '../../../support/builders';
import { aLatest, anEntry, aPlanInput } from '../../../support/rebuildBuilders';
import { planRebuildRun } from '../../../../functions/activities/planRebuildRun';

const policy = anImage().rebuild;
const failed = (consecutiveFailures: number, lastFailureAt: string | null = '2026-11-24T03:00:00.000Z') => ({ consecutiveFailures, lastFailureAt });
const threeRegions = anImage().targetRegions;
const twoRegions = aLatest({ targetRegions: aLatest().targetRegions.filter((r) => r.name !== 'eastus') });

function planOf(entry: PlanRebuildRunImage) {
  const [item] = planRebuildRun(aPlanInput([entry])).items;
  if (item === undefined) throw new Error('no plan item');
  return item;
}

describe('planRebuildRun', () => {
  it.each<[string, PlanRebuildRunImage, RebuildRunStatus, string[]]>([
    ['no version yet', anEntry({ state: { latest: null, ...failed(0, null) } }), 'rebuild', ['no-version']],
    ['everything matches', anEntry(), 'up-to-date', []],
    ['newer base image', anEntry({ base: { status: 'resolved', exact: 'Canonical:x:y:22.4.2', tag: 'Canonical:x:y:22.4.2' } }), 'rebuild', ['base-image-changed']],
    ['recipe changed', anEntry({ recipeSha256: 'f'.repeat(64) }), 'rebuild', ['recipe-changed']],
    ['older than maxAgeDays', anEntry({ state: { latest: aLatest({ publishedDate: '2026-09-01T00:00:00.000Z' }), ...failed(0, null) } }), 'rebuild', ['max-age-exceeded']],
    ['due but its build runs', anEntry({ running: true, state: { latest: null, ...failed(0, null) } }), 'already-running', ['already-running']],
    ['failures reached pauseAfterFailures', anEntry({ recipeSha256: 'f'.repeat(64), state: { latest: aLatest(), ...failed(3) } }), 'paused', ['paused']],
    ['failures below pauseAfterFailures', anEntry({ recipeSha256: 'f'.repeat(64), state: { latest: aLatest(), ...failed(2) } }), 'rebuild', ['recipe-changed']],
    ['pauseAfterFailures 0 never pauses', anEntry({ rebuild: { ...policy, pauseAfterFailures: 0 }, state: { latest: null, ...failed(9) } }), 'rebuild', ['no-version']],
    ['a version published after the last failure', anEntry({ state: { latest: aLatest({ publishedDate: '2026-11-24T09:00:00.000Z' }), ...failed(5) } }), 'up-to-date', []],
    ['a count without a failure time stands', anEntry({ state: { latest: aLatest(), ...failed(3, null) } }), 'paused', ['paused']],
    ['image definition missing (new to the catalog)', anEntry({ state: { latest: null, ...failed(0, null), definitionMissing: true } }), 'rebuild', ['definition-missing']],
    ['image definition missing, base image too', anEntry({ state: { latest: null, ...failed(0, null), definitionMissing: true }, base: { status: 'missing', reason: 'x' } }), 'blocked', ['base-image-missing']],
    ['base image missing', anEntry({ base: { status: 'missing', reason: 'NOT_FOUND: no platform image versions' } }), 'blocked', ['base-image-missing']],
    ['catalog regions leave out the gallery region', anEntry({ targetRegions: threeRegions.filter((r) => r.name !== LOCATION) }), 'blocked', ['invalid-input']],
  ])('%s → %s', (_case, entry, status, reasons) => {
    const item = planOf(entry);
    expect(item.status).toBe(status);
    expect(item.reasons).toEqual(reasons);
    expect(item.detail.length).toBeGreaterThan(0);
  });

  it('resets a stale count only when a version was published after the last failure', () => {
    expect(planOf(anEntry({ state: { latest: aLatest({ publishedDate: '2026-11-24T09:00:00.000Z' }), ...failed(5) } })).resetFailures).toBe(true);
    expect(planOf(anEntry({ state: { latest: aLatest(), ...failed(5) } })).resetFailures).toBe(false);
    expect(planOf(anEntry()).resetFailures).toBe(false);
  });

  it('plans replication for an up-to-date image whose latest version lacks a catalog region', () => {
    const item = planOf(anEntry({ state: { latest: twoRegions, ...failed(0, null) } }));
    expect(item.status).toBe('up-to-date');
    expect(item.reconcile?.version).toBe('1.0.0');
    expect(item.reconcile?.plan).toMatchObject({ changed: true, add: [{ name: 'eastus', replicas: 1 }], remove: [] });
  });

  it('reports a storage type change without planning an update', () => {
    const latest = aLatest({ targetRegions: aLatest().targetRegions.map((r) => ({ ...r, storageAccountType: 'Standard_ZRS' })) });
    const item = planOf(anEntry({ state: { latest, ...failed(0, null) } }));
    expect(item.reconcile?.plan.changed).toBe(false);
    expect(item.reconcile?.plan.notUpdatable.map((n) => n.region)).toEqual(['westeurope', 'northeurope', 'eastus']);
  });

  it('reconciles replica counts of a paused image and of one rebuilt now, never of one whose build runs', () => {
    const fewer = aLatest({ targetRegions: aLatest().targetRegions.map((r) => ({ ...r, replicas: 2 })) });
    expect(planOf(anEntry({ state: { latest: fewer, ...failed(3) } })).reconcile?.plan.replicaChanges).toHaveLength(3);
    expect(planOf(anEntry({ running: true, state: { latest: fewer, ...failed(0, null) } }))).toMatchObject({ reconcile: null });
    expect(planOf(anEntry({ running: true, state: { latest: fewer, ...failed(0, null) } })).reconcileVersions).toBeUndefined();
    // VMs keep using the old versions of an image rebuilt every night: they must not wait for a night without a build.
    const rebuilt = planOf(anEntry({ recipeSha256: 'f'.repeat(64), state: { latest: fewer, ...failed(0, null) } }));
    expect(rebuilt.status).toBe('rebuild');
    expect(rebuilt.reconcileVersions?.map((r) => r.version)).toEqual(['1.0.0']);
  });

  it('reconciles the other live versions too, the latest first then newest first, deferring beyond five', () => {
    const old = [{ name: LOCATION, replicas: 1, storageAccountType: 'Standard_LRS' }];
    const current = aLatest().targetRegions;
    const item = planOf(
      anEntry({
        state: {
          latest: twoRegions,
          ...failed(0, null),
          otherVersions: [
            { versions: ['0.9.0', '0.9.2', '0.9.10'], targetRegions: old },
            { versions: ['0.9.5'], targetRegions: current },
            { versions: ['0.8.0', '0.9.7'], targetRegions: old },
          ],
        },
      }),
    );
    expect(item.status).toBe('up-to-date');
    expect(item.reconcile?.version).toBe('1.0.0');
    expect(item.reconcileVersions?.map((r) => [r.version, r.plan.add.map((a) => a.name)])).toEqual([
      ['1.0.0', ['eastus']],
      ['0.9.10', ['northeurope', 'eastus']],
      ['0.9.7', ['northeurope', 'eastus']],
      ['0.9.2', ['northeurope', 'eastus']],
      ['0.9.0', ['northeurope', 'eastus']],
    ]);
    expect(item.reconcileDeferred).toEqual(['0.8.0']);
  });

  it('names the catalog image each image is built on, given the gallery and base images', () => {
    const gallery = { subscriptionId: 'sub', resourceGroup: 'rg', name: 'gal' };
    const onWeb = { type: 'gallery' as const, imageId: '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/galleries/gal/images/web' };
    const out = planRebuildRun({
      ...aPlanInput([anEntry({ image: 'app', baseImage: onWeb }), anEntry({ image: 'web', baseImage: anImage().baseImage })]),
      gallery,
    });
    expect(out.follows).toEqual({ app: 'web' });
    expect(planRebuildRun(aPlanInput([anEntry({ image: 'app', baseImage: onWeb }), anEntry({ image: 'web' })])).follows).toBeUndefined();
  });

  it('under a policy block records due images blocked (keeping their reasons), leaves the others, and still reconciles', () => {
    const block = 'the policy report of 2026-11-25T07:00:00Z has 2 high finding(s) and the catalog says enforce: block';
    const fewer = aLatest({ targetRegions: aLatest().targetRegions.map((r) => ({ ...r, replicas: 2 })) });
    const items = planRebuildRun({
      ...aPlanInput([
        anEntry({ image: 'due', recipeSha256: 'f'.repeat(64), state: { latest: fewer, ...failed(0, null) } }),
        anEntry({ image: 'fresh' }),
        anEntry({ image: 'building', running: true }),
      ]),
      policyBlock: block,
    }).items;
    expect(items.map((i) => [i.image, i.status, i.reasons])).toEqual([
      ['due', 'blocked', ['policy-blocked', 'recipe-changed']],
      ['fresh', 'up-to-date', []],
      ['building', 'already-running', ['already-running']],
    ]);
    expect(items[0]?.detail).toContain(block);
    expect(items[0]?.reconcile?.plan.replicaChanges).toHaveLength(3);
  });

  it('plans every image of the run independently, in catalog order', () => {
    const items = planRebuildRun(aPlanInput([anEntry({ image: 'a' }), anEntry({ image: 'b', running: true }), anEntry({ image: 'c', state: { latest: null, ...failed(0, null) } })])).items;
    expect(items.map((i) => [i.image, i.status])).toEqual([['a', 'up-to-date'], ['b', 'already-running'], ['c', 'rebuild']]);
  });

  it('property: one status per image; running wins; paused exactly at the limit; images whose build runs are never reconciled', () => {
    const entry = fc.record({
      failures: fc.integer({ min: 0, max: 10 }),
      pauseAfter: fc.integer({ min: 0, max: 5 }),
      running: fc.boolean(),
      hasLatest: fc.boolean(),
      baseMissing: fc.boolean(),
      recipeChanged: fc.boolean(),
      dropEastus: fc.boolean(),
      publishedAfterFailure: fc.boolean(),
    });
    fc.assert(
      fc.property(entry, (e) => {
        const latest = aLatest({
          publishedDate: e.publishedAfterFailure ? '2026-11-24T09:00:00.000Z' : '2026-11-20T03:00:00.000Z',
          ...(e.dropEastus ? { targetRegions: twoRegions.targetRegions } : {}),
        });
        const input = anEntry({
          rebuild: { ...policy, pauseAfterFailures: e.pauseAfter },
          running: e.running,
          recipeSha256: e.recipeChanged ? 'f'.repeat(64) : anEntry().recipeSha256,
          base: e.baseMissing ? { status: 'missing', reason: 'NOT_FOUND: gone' } : anEntry().base,
          state: { latest: e.hasLatest ? latest : null, ...failed(e.failures) },
        });
        const item = planOf(input);
        const stale = e.hasLatest && e.failures > 0 && e.publishedAfterFailure;
        const paused = !stale && e.pauseAfter > 0 && e.failures >= e.pauseAfter;
        if (e.running) expect(item.status).toBe('already-running');
        else if (paused) expect(item.status).toBe('paused');
        else if (e.baseMissing) expect(item.status).toBe('blocked');
        else if (!e.hasLatest || e.recipeChanged) expect(item.status).toBe('rebuild');
        else expect(item.status).toBe('up-to-date');
        if (item.status === 'already-running') expect(item.reconcile).toBeNull();
        if (item.reconcile !== null) expect(e.hasLatest && e.dropEastus).toBe(true);
        expect(item.resetFailures).toBe(stale);
      }),
    );
  });
});
