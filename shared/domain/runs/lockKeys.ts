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
  rebuildRun: (): string => 'rebuild-run',
} as const;
