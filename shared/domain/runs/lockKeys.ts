/**
 * Singleton keys: at most one running run holds each. Image names are case-insensitive in ARM, so `Foo` and `foo`
 * share a key.
 */
export const lockKeys = {
  build: (image: string): string => `build-${image.toLowerCase()}`,
  prune: (image: string): string => `prune-${image.toLowerCase()}`,
  promote: (image: string): string => `promote-${image.toLowerCase()}`,
  /** Capture deduplication is per VM: the key keeps the VM's latest capture run, finished or not. */
  capture: (vmIdHash: string): string => `capture-${vmIdHash}`,
  /** Import deduplication is per source, like captures: the key keeps the source's latest import run. */
  import: (sourceHash: string): string => `import-${sourceHash}`,
  rebuildRun: (): string => 'rebuild-run',
  /** One sharing reconciliation at a time: two would plan from the same reads and send the same writes. */
  share: (): string => 'share',
} as const;

/**
 * A holder without a record or a Durable instance may be between taking the lock and starting: it counts as running
 * for this long after the time in its run ID, so a concurrent start never takes its lock away.
 */
export const START_GRACE_MS = 10 * 60_000;

/** Whether a lock holder nobody has heard of yet may still be starting (see START_GRACE_MS). */
export function mayStillBeStarting(holderCreatedAt: Date | null, now: Date): boolean {
  return holderCreatedAt !== null && now.getTime() - holderCreatedAt.getTime() < START_GRACE_MS;
}
