import type { ImageUser, UsagePort } from '../../ports/usagePort';

/** How long a usage listing may answer a dry run again: 20 plans in a minute cost one listing, not twenty. */
export const USAGE_SNAPSHOT_MAX_AGE_MS = 60_000;

/** What tells the snapshot the app wrote something since it was taken (writeEpoch.ts). */
export interface WriteCounter {
  current(): number;
}

interface Entry {
  users: ImageUser[];
  takenAt: number;
  epoch: number;
}

/**
 * The usage port with `listRecentImageUsers`: the last listing of the same scope, if it is at most `maxAgeMs` old and
 * no write left this process since it started; otherwise a fresh listing. It lives in this process only, is never
 * persisted, and keeps no state the app decides from later (docs/architecture.md#state-lives-in-azure-and-durable):
 * only plans that change nothing ask for it. `listImageUsers` always lists afresh (the deletion check's read) and
 * refreshes the snapshot as it goes.
 */
export function withUsageSnapshot(
  usage: UsagePort,
  writes: WriteCounter,
  options: { maxAgeMs?: number; now?: () => number } = {},
): UsagePort {
  const maxAgeMs = options.maxAgeMs ?? USAGE_SNAPSHOT_MAX_AGE_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const keyOf = (scope: string) => scope.toLowerCase().replace(/\/+$/, '');

  const listFresh = async (scope: string): Promise<ImageUser[]> => {
    // Taken before the listing starts: a write while it runs, or time spent listing, only makes it older.
    const takenAt = now();
    const epoch = writes.current();
    const users = await usage.listImageUsers(scope);
    entries.set(keyOf(scope), { users, takenAt, epoch });
    return [...users];
  };

  return {
    listImageUsers: listFresh,
    listRecentImageUsers: async (scope) => {
      const entry = entries.get(keyOf(scope));
      const age = entry === undefined ? Infinity : now() - entry.takenAt;
      if (entry !== undefined && entry.epoch === writes.current() && age >= 0 && age <= maxAgeMs) return [...entry.users];
      return listFresh(scope);
    },
  };
}
