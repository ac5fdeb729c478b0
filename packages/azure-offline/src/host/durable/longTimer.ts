/**
 * Long durable timers (schema ≥ V3): the SDK's LongTimerTask splits a timer longer than `maximumShortTimerDuration`
 * into chunks of `longRunningTimerIntervalDuration`, only the final fire time appears in its action, and each chunk
 * takes a sequence id. The host must fire the same chunks, so it mirrors the SDK's decision here.
 */
export interface TimerLimits {
  maximumShortTimerMs: number;
  longRunningTimerIntervalMs: number;
}

/** The values the host advertises in the orchestration binding ("6.00:00:00" and "3.00:00:00" like the extension). */
export const defaultTimerLimits: TimerLimits = {
  maximumShortTimerMs: 6 * 24 * 3600 * 1000,
  longRunningTimerIntervalMs: 3 * 24 * 3600 * 1000,
};

/** `d.hh:mm:ss` as the extension serializes a TimeSpan. */
export function toTimeSpan(ms: number): string {
  const totalSeconds = Math.floor(ms / 1000);
  const days = Math.floor(totalSeconds / 86400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor((totalSeconds % 86400) / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return `${days}.${pad(h)}:${pad(m)}:${pad(s)}`;
}

export function isLongTimer(finalFireAtMs: number, nowMs: number, limits: TimerLimits): boolean {
  return finalFireAtMs - nowMs > limits.maximumShortTimerMs;
}

/** When the next chunk fires, or undefined when the SDK considers the timer done (LongTimerTask.trySetValue). */
export function nextChunkFireAt(finalFireAtMs: number, nowMs: number, limits: TimerLimits): number | undefined {
  if (!(finalFireAtMs > nowMs)) return undefined;
  return isLongTimer(finalFireAtMs, nowMs, limits) ? nowMs + limits.longRunningTimerIntervalMs : finalFireAtMs;
}
