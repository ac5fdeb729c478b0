import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { regionDisplayName } from '../../src/arm/regionDisplayNames';
import { normalizeRegion } from '../../src/arm/regions';
import { planInitialReplication, planUpdatedReplication, regionState, replicationStatus, type ReplicationTiming } from '../../src/arm/replication';

const T0 = Date.parse('2026-11-25T00:00:00Z');

function timing(overrides: Partial<ReplicationTiming> = {}): ReplicationTiming {
  return { now: T0, homeRegion: 'westeurope', provisioningSeconds: 30, secondsPerRegion: 120, failRegions: [], ...overrides };
}

describe('replication planning', () => {
  it.each([
    ['at creation', 0, ['Replicating', 'Replicating', 'Replicating'], 'InProgress'],
    ['when provisioning ends', 30, ['Completed', 'Replicating', 'Replicating'], 'InProgress'],
    ['one region later', 150, ['Completed', 'Completed', 'Replicating'], 'InProgress'],
    ['when the last region ends', 270, ['Completed', 'Completed', 'Completed'], 'Completed'],
  ])('shows region states %s', (_when, seconds, states, aggregated) => {
    const plan = planInitialReplication(['West Europe', 'northeurope', 'eastus'], timing());
    const status = replicationStatus(plan, T0 + seconds * 1000);
    expect(status.summary.map((s) => s.state)).toEqual(states);
    expect(status.aggregatedState).toBe(aggregated);
  });

  it('fails a faulted region at its slot end and retries it on update', () => {
    const plan = planInitialReplication(['westeurope', 'northeurope'], timing({ failRegions: ['North Europe'] }));
    const failedAt = T0 + 150_000;
    expect(replicationStatus(plan, failedAt)).toMatchObject({ aggregatedState: 'Failed', summary: [{ state: 'Completed' }, { region: 'North Europe', state: 'Failed', details: expect.stringContaining("'North Europe'") }] });
    const retried = planUpdatedReplication(plan, ['westeurope', 'northeurope'], timing({ now: failedAt }));
    expect(replicationStatus(retried, failedAt).aggregatedState).toBe('InProgress');
    expect(replicationStatus(retried, failedAt + 120_000).aggregatedState).toBe('Completed');
  });

  it('drops removed regions and queues added ones after the running slots', () => {
    const plan = planInitialReplication(['westeurope', 'northeurope'], timing());
    const updated = planUpdatedReplication(plan, ['westeurope', 'eastus'], timing({ now: T0 + 60_000 }));
    expect(updated.map((r) => r.region)).toEqual(['westeurope', 'eastus']);
    expect(updated[1]?.startAt).toBe(T0 + 60_000);
  });

  const regionName = fc.constantFrom('westeurope', 'northeurope', 'eastus', 'westus2', 'swedencentral', 'uksouth');

  it('always completes every region once enough time has passed, and progress never goes back', () => {
    fc.assert(
      fc.property(fc.uniqueArray(regionName, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 3600 }), fc.integer({ min: 1, max: 600 }), (regions, provisioning, perRegion) => {
        const plan = planInitialReplication(['westeurope', ...regions], timing({ provisioningSeconds: provisioning, secondsPerRegion: perRegion }));
        expect(new Set(plan.map((p) => p.region)).size).toBe(plan.length);
        expect(plan[0]?.region).toBe('westeurope');
        const end = T0 + (provisioning + perRegion * plan.length) * 1000;
        expect(replicationStatus(plan, end).aggregatedState).toBe('Completed');
        for (const entry of plan) {
          let last = -1;
          for (let t = entry.startAt - 1000; t <= entry.endAt; t += Math.max(1, Math.floor((entry.endAt - entry.startAt) / 7))) {
            const s = regionState(entry, t);
            const progress = s.state === 'Completed' ? 100 : s.progress;
            expect(progress).toBeGreaterThanOrEqual(last);
            last = progress;
          }
        }
      }),
    );
  });

  it('keeps exactly the wanted regions after any update', () => {
    fc.assert(
      fc.property(fc.uniqueArray(regionName, { maxLength: 5 }), fc.uniqueArray(regionName, { maxLength: 5 }), fc.integer({ min: 0, max: 2000 }), (before, after, elapsed) => {
        const plan = planInitialReplication(['westeurope', ...before], timing());
        const wanted = [...new Set(['westeurope', ...after])];
        const updated = planUpdatedReplication(plan, wanted, timing({ now: T0 + elapsed * 1000 }));
        expect(updated.map((r) => r.region).sort()).toEqual([...wanted].sort());
        expect(updated.every((r) => r.endAt >= r.startAt)).toBe(true);
      }),
    );
  });
});

describe('region display names in the replication summary', () => {
  it.each([
    ['westeurope', 'West Europe'],
    ['West Europe', 'West Europe'],
    ['eastus2', 'East US 2'],
    ['uksouth', 'UK South'],
    ['southeastasia', 'Southeast Asia'],
    ['australiacentral2', 'Australia Central 2'],
    ['nowhere1', 'nowhere1'],
    ['constructor', 'constructor'],
    ['toString', 'tostring'],
  ])('names %s as %s', (given, display) => {
    expect(regionDisplayName(given)).toBe(display);
  });

  it('gives back the region any client normalizes it to (lower case, no spaces)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom('westeurope', 'northeurope', 'eastus', 'eastus2euap', 'westus3', 'centralindia', 'uaenorth'), fc.string({ maxLength: 20 })), (region) => {
        expect(normalizeRegion(regionDisplayName(region))).toBe(normalizeRegion(region));
      }),
    );
  });
});
