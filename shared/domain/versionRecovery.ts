/**
 * How build and capture runs treat gallery image versions they meet when recovering: a capture retried after a
 * failure or a termination, and a failed run cleaning up the version it created. Pure; the activities that read
 * ARM call these, so the decisions are recorded in orchestration history (docs/architecture.md#read-decide-act).
 */
import { compareVersions } from './versions';

/** The facts of a version these rules look at (a structural subset of the gallery port's version view). */
export interface VersionFacts {
  name: string;
  provisioningState: string;
  excludeFromLatest: boolean;
  endOfLifeDate: string | null;
  targetRegions: readonly { excludeFromLatest?: boolean }[];
}

// A version in one of these states never becomes usable again: Failed stays Failed, Deleting disappears.
const UNUSABLE_STATES: ReadonlySet<string> = new Set(['failed', 'deleting', 'canceled']);

/** Succeeded, or still Creating/Updating on its way there. Failed, Deleting and Canceled versions are not. */
export function isUsableVersion(v: Pick<VersionFacts, 'provisioningState'>): boolean {
  return !UNUSABLE_STATES.has(v.provisioningState.toLowerCase());
}

/** Promoted: no longer excluded from latest version-wide, or re-included in some region. */
export function isPromoted(v: Pick<VersionFacts, 'excludeFromLatest' | 'targetRegions'>): boolean {
  return !v.excludeFromLatest || v.targetRegions.some((r) => r.excludeFromLatest === false);
}

/**
 * What a capture does with a usable version it finds for its VM:
 * - `complete`: promoted; return it (docs/http-api.md#capture-a-vm: a second capture returns the first version).
 * - `resume`: never promoted and not deprecated — an earlier run was interrupted (terminated, or it gave up on a
 *   region): wait for its replication and promote it, as that run would have.
 * - `deprecated`: excluded from latest with an end-of-life date. Captures never set one, so prune (or a person)
 *   deprecated it since: return it as it is; promoting it again would undo that decision.
 */
export type CapturedVersionDisposition = 'complete' | 'resume' | 'deprecated';

export function capturedVersionDisposition(v: VersionFacts): CapturedVersionDisposition {
  if (isPromoted(v)) return 'complete';
  if (v.endOfLifeDate !== null) return 'deprecated';
  return 'resume';
}

export interface CapturedVersionChoice<V extends VersionFacts> {
  version: V | null;
  disposition: CapturedVersionDisposition | null;
  /** Versions of this VM that do not count as captured (Failed, Deleting, …): `name (state)`. */
  skipped: string[];
}

/**
 * Among the versions carrying this VM's source tag, the one that counts as "already captured": usable only (a
 * Failed version is a capture that did not happen). Should there be several, a promoted one wins, then the highest.
 */
export function chooseCapturedVersion<V extends VersionFacts>(candidates: readonly V[]): CapturedVersionChoice<V> {
  const usable = candidates.filter(isUsableVersion);
  const skipped = candidates.filter((v) => !isUsableVersion(v)).map((v) => `${v.name} (${v.provisioningState})`);
  const ranked = [...usable].sort((a, b) => Number(isPromoted(b)) - Number(isPromoted(a)) || compareVersions(b.name, a.name));
  const version = ranked[0] ?? null;
  return { version, disposition: version === null ? null : capturedVersionDisposition(version), skipped };
}

/**
 * What a failing run does with the version it tried to create, judged on a fresh read:
 * - `delete`: it carries this run's build ID and was never promoted;
 * - `wait`: its deletion is already under way (a repeat of this very cleanup);
 * - `keep`: another run's version (never delete what this run did not create), or promoted — it may be `latest`
 *   somewhere and in use, which only prune may judge.
 */
export type OwnVersionCleanup = { action: 'delete' } | { action: 'wait' } | { action: 'keep'; reason: string };

export function ownVersionCleanup(v: VersionFacts, ownerBuildId: string | undefined, buildId: string): OwnVersionCleanup {
  if (ownerBuildId !== buildId) {
    return { action: 'keep', reason: `NOT_OURS: version ${v.name} belongs to build ${ownerBuildId ?? '(unknown)'}, not ${buildId}` };
  }
  if (v.provisioningState.toLowerCase() === 'deleting') return { action: 'wait' };
  if (isPromoted(v)) return { action: 'keep', reason: `PROMOTED: version ${v.name} is no longer excluded from latest` };
  return { action: 'delete' };
}
