/**
 * ARM status polling: backoff from `minSeconds` doubling to `maxSeconds` (ARM_POLL_MIN_SECONDS / ARM_POLL_MAX_SECONDS).
 * Copied from app settings into each orchestration input by its trigger; orchestrators never read config.
 */
export interface PollingSettings {
  minSeconds: number;
  maxSeconds: number;
}
