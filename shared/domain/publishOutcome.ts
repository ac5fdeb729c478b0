/**
 * How a build or capture that ran to its end turned out. The Durable runtime status of both is `Completed`, so the
 * difference lives in the output (`status`), GET /api/images (`lastBuild.status`) and the notification type.
 *
 * - `Succeeded`: the version is promoted, or there was nothing to promote (a version captured earlier, or one
 *   deprecated since).
 * - `Degraded`: the version exists but stayed excluded from latest because regions kept failing after the bounded
 *   retries: consumers do not get it, and someone should look (docs/notifications.md, `Build.Degraded`).
 */
export type PublishOutcome = 'Succeeded' | 'Degraded';

export function publishOutcome(run: { promoted: boolean; failedRegions: readonly string[] }): PublishOutcome {
  return !run.promoted && run.failedRegions.length > 0 ? 'Degraded' : 'Succeeded';
}
