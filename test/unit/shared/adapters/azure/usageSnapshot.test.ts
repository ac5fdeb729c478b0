import { describe, expect, it } from 'vitest';
import { USAGE_SNAPSHOT_MAX_AGE_MS, withUsageSnapshot } from '../../../../../shared/adapters/azure/usageSnapshot';
import { createWriteEpoch } from '../../../../../shared/adapters/azure/writeEpoch';
import type { ImageUser, UsagePort } from '../../../../../shared/ports/usagePort';

const SCOPE = '/subscriptions/s1/resourceGroups/rg-apps';

/** A usage port whose every listing is a new answer: `listed` counts them. */
function countingUsage() {
  const counter = { listed: 0 };
  const port: UsagePort = {
    listImageUsers: (scope) => {
      counter.listed += 1;
      const user: ImageUser = { id: `${scope}/vm-${counter.listed}`, kind: 'virtualMachine', location: 'westeurope', imageId: '/x' };
      return Promise.resolve([user]);
    },
  };
  return { port, counter };
}

type Step = 'fresh' | 'recent' | 'write' | 'wait-max' | 'wait-past-max' | 'recent-other-case';

async function run(steps: readonly Step[]): Promise<number> {
  const { port, counter } = countingUsage();
  const writes = createWriteEpoch();
  let now = 1_000_000;
  const usage = withUsageSnapshot(port, writes, { now: () => now });
  for (const step of steps) {
    if (step === 'fresh') await usage.listImageUsers(SCOPE);
    else if (step === 'recent') await usage.listRecentImageUsers?.(SCOPE);
    else if (step === 'recent-other-case') await usage.listRecentImageUsers?.(`${SCOPE.toUpperCase()}/`);
    else if (step === 'write') writes.bump();
    else if (step === 'wait-max') now += USAGE_SNAPSHOT_MAX_AGE_MS;
    else now += USAGE_SNAPSHOT_MAX_AGE_MS + 1;
  }
  return counter.listed;
}

describe('withUsageSnapshot', () => {
  it.each<[string, Step[], number]>([
    ['a first recent read lists', ['recent'], 1],
    ['recent reads within the age share one listing', ['recent', 'recent', 'wait-max', 'recent'], 1],
    ['the scope is matched without case or a trailing slash', ['recent', 'recent-other-case'], 1],
    ['a fresh read always lists', ['fresh', 'fresh', 'recent', 'fresh'], 3],
    ['a fresh read refreshes the snapshot', ['fresh', 'recent'], 1],
    ['any write the app made drops it', ['recent', 'write', 'recent', 'recent'], 2],
    ['past the age it lists again', ['recent', 'wait-past-max', 'recent'], 2],
  ])('%s', async (_what, steps, listings) => {
    expect(await run(steps)).toBe(listings);
  });

  it('answers a recent read with what the snapshot holds, as a copy', async () => {
    const { port } = countingUsage();
    const usage = withUsageSnapshot(port, createWriteEpoch());
    const first = await usage.listImageUsers(SCOPE);
    first.length = 0;
    expect(await usage.listRecentImageUsers?.(SCOPE)).toEqual([expect.objectContaining({ id: `${SCOPE}/vm-1` })]);
  });

  it('does not trust a listing that a write overlapped', async () => {
    const writes = createWriteEpoch();
    let listed = 0;
    const usage = withUsageSnapshot(
      {
        listImageUsers: () => {
          listed += 1;
          writes.bump();
          return Promise.resolve([]);
        },
      },
      writes,
    );
    await usage.listRecentImageUsers?.(SCOPE);
    await usage.listRecentImageUsers?.(SCOPE);
    expect(listed).toBe(2);
  });
});
