// Longer than 200 lines on purpose: the retention planner and the documented order of its keep and removal reasons
// are one decision, reviewed as a whole (a split would separate each reason from the check that applies it).
import type { RetentionPolicy } from './catalog';
import { latestByRegion, latestVersion, type GalleryVersionView } from './latest';
import { parseVersion, type VersionNumber } from './versions';
import { VALIDATION_TAG, validationRefusal } from './tags';

/**
 * Why a version is kept, deprecated or deleted. Stable codes (prune reports and tests key on them).
 * Keep reasons, in the order they are checked — the first that applies is reported:
 * - `protected`          carries the protect tag (any value but `false`; tag names compare case-insensitively)
 * - `latest`             `latest` resolves to it in at least one region, or version-wide (a region whose
 *                        replication state is Unknown counts as possibly serving it)
 * - `in-use`             a VM or scale set in the usage scopes references it
 * - `within-keep-latest` one of the `keepLatest` highest healthy versions (provisioned, not excluded from latest)
 * - `replicating`        an operation is still running on it (provisioning not finished or a region InProgress)
 * - `too-young`          published less than `minAgeDays` ago, or its published date is unknown
 * - `within-max-age`     age rule (`maxAgeDays` set): not older than `maxAgeDays` yet
 * - `shared-gallery`     the gallery is shared directly or to the community and the catalog does not allow
 *                        pruning it: users no scan can see may depend on any version, so nothing changes
 * - `eol-not-reached`    deprecated, waiting for its end-of-life date
 * - `eol-blocked`        deprecated, end-of-life not reached and Azure's blockDeletionBeforeEndOfLife is set
 * - `cap-reached`        would be deleted, but `maxDeletionsPerRun` deletions are already planned
 * - `share-exceeded`     would be deleted or deprecated, but the plan's deletions exceed `maxDeleteShare` of all
 *                        versions: the whole run is refused and changes nothing
 * Removal reasons (deprecate, then delete):
 * - `superseded`         count rule (`maxAgeDays` null): beyond the `keepLatest` highest healthy versions
 * - `expired`            age rule (`maxAgeDays` set): beyond `keepLatest` and older than `maxAgeDays`
 * - `validation-failed`  its validation gate refused it (tag `autopilot-validation`: failed, rejected, timed-out):
 *                        removable once `minAgeDays` old under either rule, even when newer than the kept versions
 */
export type PruneReason =
  | 'latest'
  | 'in-use'
  | 'protected'
  | 'within-keep-latest'
  | 'too-young'
  | 'within-max-age'
  | 'replicating'
  | 'shared-gallery'
  | 'eol-not-reached'
  | 'eol-blocked'
  | 'cap-reached'
  | 'share-exceeded'
  | 'expired'
  | 'superseded'
  | 'validation-failed';

export type PruneAction = 'keep' | 'deprecate' | 'delete';

export interface PrunePlanItem {
  version: string;
  action: PruneAction;
  reason: PruneReason;
  detail: string;
  /** Only on `deprecate`: the end-of-life date to set (ISO 8601) together with excludeFromLatest. */
  endOfLifeDate?: string;
}

/** The prune plan (docs/http-api.md#prune-output; also the dry-run response). */
export interface PrunePlan {
  image: string;
  dryRun: boolean;
  items: PrunePlanItem[];
  summary: { keep: number; deprecate: number; delete: number };
}

export interface RetentionInput {
  image: string;
  versions: readonly GalleryVersionView[];
  /** Version name → IDs of the VMs / scale sets using it (pinned, or through `latest`). */
  usage: Readonly<Record<string, readonly string[]>>;
  policy: RetentionPolicy;
  now: Date;
  dryRun: boolean;
  galleryShared: boolean;
  allowPruneWhenShared: boolean;
}

const DAY_MS = 86_400_000;

interface Candidate {
  view: GalleryVersionView;
  index: number;
  parsed: VersionNumber | null;
}

function checkPolicy(p: RetentionPolicy): void {
  const intAtLeast = (field: keyof RetentionPolicy, value: number, min: number) => {
    if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`retention.${field}: must be an integer >= ${min}, got ${value}`);
  };
  const numberAtLeast = (field: keyof RetentionPolicy, value: number) => {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`retention.${field}: must be a number >= 0, got ${value}`);
  };
  intAtLeast('keepLatest', p.keepLatest, 0);
  numberAtLeast('minAgeDays', p.minAgeDays);
  if (p.maxAgeDays !== null) numberAtLeast('maxAgeDays', p.maxAgeDays);
  numberAtLeast('deprecateBeforeDeleteDays', p.deprecateBeforeDeleteDays);
  intAtLeast('maxDeletionsPerRun', p.maxDeletionsPerRun, 0);
  if (!(p.maxDeleteShare >= 0 && p.maxDeleteShare <= 1)) throw new RangeError(`retention.maxDeleteShare: must be 0..1, got ${p.maxDeleteShare}`);
  if (p.protectTag.length === 0) throw new RangeError('retention.protectTag: must not be empty');
}

// The field path is built only on failure: building it for each of 10,000 versions showed up in the planner's time.
function parseDate(index: number, field: 'publishedDate' | 'endOfLifeDate', value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`versions[${index}].${field}: must be an ISO 8601 date, got ${JSON.stringify(value)}`);
  return ms;
}

// Highest first; unparsable names last (by text), so the order is total and independent of input order.
function byVersionDesc(a: Candidate, b: Candidate): number {
  if (a.parsed && b.parsed) {
    const d = b.parsed.major - a.parsed.major || b.parsed.minor - a.parsed.minor || b.parsed.patch - a.parsed.patch;
    if (d !== 0) return d;
  } else if (a.parsed) {
    return -1;
  } else if (b.parsed) {
    return 1;
  }
  return a.view.name < b.view.name ? 1 : a.view.name > b.view.name ? -1 : a.index - b.index;
}

function isProtected(tags: Record<string, string>, protectTag: string): boolean {
  const wanted = protectTag.toLowerCase();
  for (const [key, value] of Object.entries(tags)) {
    if (key.toLowerCase() === wanted && value.trim().toLowerCase() !== 'false') return true;
  }
  return false;
}

function isHealthy(v: GalleryVersionView): boolean {
  return v.provisioningState.toLowerCase() === 'succeeded' && !v.excludeFromLatest;
}

function isBusy(v: GalleryVersionView): boolean {
  const state = v.provisioningState.toLowerCase();
  if (state !== 'succeeded' && state !== 'failed') return true;
  return v.regions.some((r) => r.state === 'InProgress');
}

function busyDetail(v: GalleryVersionView): string {
  const replicating = v.regions.filter((r) => r.state === 'InProgress').map((r) => r.region);
  return replicating.length > 0
    ? `still replicating to ${replicating.join(', ')}`
    : `provisioning state ${v.provisioningState}: an operation is still running`;
}

/** Prune's first phase leaves a version excluded from latest with an end-of-life date: deprecated. */
export function isDeprecated(v: { excludeFromLatest: boolean; endOfLifeDate: string | null }): boolean {
  return v.excludeFromLatest && v.endOfLifeDate !== null;
}

function days(ms: number): string {
  return `${Math.floor(ms / DAY_MS)} days`;
}

/**
 * Plans one prune run for one image: every version is kept, deprecated or deleted, with its reason.
 *
 * Semantics (each version is judged by the first rule that applies, in PruneReason's order):
 * - Guards never give way: protected, latest in ANY region, in use, within keepLatest, busy, younger than
 *   minAgeDays. keepLatest counts the highest *healthy* versions (provisioning succeeded, not excluded from
 *   latest) so failed or withdrawn builds do not occupy the slots meant for usable rollbacks.
 * - Removal rule like EC2 Image Builder lifecycle policies: with `maxAgeDays` null a COUNT rule (everything
 *   beyond keepLatest is `superseded`); with `maxAgeDays` set an AGE rule that retains at least keepLatest
 *   (beyond keepLatest AND older than maxAgeDays is `expired`).
 * - Two phases: a removable version not yet deprecated (excludeFromLatest and an end-of-life date) is
 *   deprecated with end-of-life = the later of its current one and now + deprecateBeforeDeleteDays; a
 *   deprecated one is deleted once its end-of-life has passed (and every guard above still holds).
 * - Then the caps: first `maxDeletionsPerRun` (the lowest versions go first, the rest `cap-reached`), then
 *   `maxDeleteShare` on the deletions that remain — if they exceed that share of all versions, the run is
 *   refused as a whole: every deletion and deprecation becomes `share-exceeded` (a plan that wants to remove
 *   that much is more likely a wrong catalog than a real backlog, so a human looks first).
 * Items are ordered highest version first; the same input always yields the same plan.
 */
export function planRetention(input: RetentionInput): PrunePlan {
  const { policy, now } = input;
  checkPolicy(policy);
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) throw new RangeError('now: must be a valid date');

  const candidates: Candidate[] = input.versions.map((view, index) => ({ view, index, parsed: parseVersion(view.name) }));
  candidates.sort(byVersionDesc);

  const latestIn = latestAnywhere(input.versions);

  const pruneBlockedByShare = input.galleryShared && !input.allowPruneWhenShared;
  const items: PrunePlanItem[] = [];
  let healthyRank = 0;
  // Most deprecations share this end of life; formatting it once per plan instead of once per version.
  const defaultEolMs = nowMs + policy.deprecateBeforeDeleteDays * DAY_MS;
  const defaultEol = new Date(defaultEolMs).toISOString();

  for (const { view: v, index } of candidates) {
    const keep = (reason: PruneReason, detail: string) => items.push({ version: v.name, action: 'keep', reason, detail });
    const healthy = isHealthy(v);
    const rank = healthy ? ++healthyRank : null;
    // hasOwn: a junk version name such as `constructor` must not read Object.prototype as its users.
    const users = Object.hasOwn(input.usage, v.name) ? (input.usage[v.name] ?? []) : [];
    const published = v.publishedDate === null ? null : parseDate(index, 'publishedDate', v.publishedDate);
    const eol = v.endOfLifeDate === null ? null : parseDate(index, 'endOfLifeDate', v.endOfLifeDate);
    const age = published === null ? null : nowMs - published;

    if (isProtected(v.tags, policy.protectTag)) { keep('protected', `tagged ${policy.protectTag}`); continue; }
    const servesIn = latestIn.get(v.name);
    if (servesIn) { keep('latest', `latest in ${servesIn.join(', ')}`); continue; }
    if (users.length > 0) {
      const shown = users.slice(0, 3).join(', ');
      keep('in-use', `used by ${users.length} resource(s): ${shown}${users.length > 3 ? ', …' : ''}`);
      continue;
    }
    if (rank !== null && rank <= policy.keepLatest) { keep('within-keep-latest', `healthy version #${rank} of keepLatest ${policy.keepLatest}`); continue; }
    if (isBusy(v)) { keep('replicating', busyDetail(v)); continue; }
    if (age === null) { keep('too-young', 'published date unknown: age cannot be proven'); continue; }
    if (age < policy.minAgeDays * DAY_MS) { keep('too-young', `${days(age)} old, minAgeDays ${policy.minAgeDays}`); continue; }

    let reason: PruneReason;
    let why: string;
    const refused = validationRefusal(v.tags);
    if (refused !== null) {
      reason = 'validation-failed';
      why = `refused by its validation gate (${VALIDATION_TAG}=${refused})`;
    } else if (policy.maxAgeDays === null) {
      reason = 'superseded';
      why = `beyond the ${policy.keepLatest} newest healthy version(s)`;
    } else if (age > policy.maxAgeDays * DAY_MS) {
      reason = 'expired';
      why = `${days(age)} old, maxAgeDays ${policy.maxAgeDays}`;
    } else {
      keep('within-max-age', `${days(age)} old, maxAgeDays ${policy.maxAgeDays}`);
      continue;
    }
    if (pruneBlockedByShare) { keep('shared-gallery', `${reason} (${why}), but the gallery is shared and allowPruneWhenShared is off`); continue; }

    if (!isDeprecated(v) || eol === null) {
      const endOfLifeDate = eol !== null && eol > defaultEolMs ? new Date(eol).toISOString() : defaultEol;
      items.push({ version: v.name, action: 'deprecate', reason, detail: `${why}; end of life ${endOfLifeDate}`, endOfLifeDate });
      continue;
    }
    if (nowMs < eol) {
      const until = new Date(eol).toISOString();
      if (v.blockDeletionBeforeEndOfLife) keep('eol-blocked', `deprecated; Azure blocks deletion before end of life ${until}`);
      else keep('eol-not-reached', `deprecated; end of life ${until}`);
      continue;
    }
    items.push({ version: v.name, action: 'delete', reason, detail: `${why}; deprecated, end of life ${v.endOfLifeDate} passed, unused` });
  }

  applyDeletionLimits(items, policy, input.versions.length);

  const summary = { keep: 0, deprecate: 0, delete: 0 };
  for (const item of items) summary[item.action] += 1;
  return { image: input.image, dryRun: input.dryRun, items, summary };
}

/**
 * Every version `latest` may resolve to somewhere → where. A region whose replication state is `Unknown`
 * might be serving: it is judged both ways and both answers are protected, because a version wrongly
 * taken for "not latest" can be deleted under a scale set that resolves `latest` to it.
 */
function latestAnywhere(versions: readonly GalleryVersionView[]): Map<string, string[]> {
  const latestIn = new Map<string, string[]>();
  const add = (name: string | null, where: string) => {
    if (name === null) return;
    const places = latestIn.get(name) ?? [];
    if (!places.includes(where)) places.push(where);
    latestIn.set(name, places);
  };
  add(latestVersion(versions), 'version-wide');
  for (const [region, name] of Object.entries(latestByRegion(versions))) add(name, region);
  if (versions.some((v) => v.regions.some((r) => r.state === 'Unknown'))) {
    const optimistic = versions.map((v) => ({
      ...v,
      regions: v.regions.map((r) => (r.state === 'Unknown' ? { ...r, state: 'Completed' as const } : r)),
    }));
    for (const [region, name] of Object.entries(latestByRegion(optimistic))) add(name, `${region} (replication state unknown)`);
  }
  return latestIn;
}

function applyDeletionLimits(items: PrunePlanItem[], policy: RetentionPolicy, total: number): void {
  // Items are highest first, so walking backwards meets the oldest deletions first: they go before newer ones.
  let planned = 0;
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item?.action !== 'delete') continue;
    if (planned < policy.maxDeletionsPerRun) {
      planned += 1;
    } else {
      items[i] = { version: item.version, action: 'keep', reason: 'cap-reached', detail: `${item.reason}, but maxDeletionsPerRun ${policy.maxDeletionsPerRun} reached` };
    }
  }
  if (planned === 0 || planned / total <= policy.maxDeleteShare) return;
  const share = `${planned} of ${total} versions (${((planned / total) * 100).toFixed(1)}%) exceeds maxDeleteShare ${policy.maxDeleteShare}`;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item?.action !== 'delete' && item?.action !== 'deprecate') continue;
    items[i] = { version: item.version, action: 'keep', reason: 'share-exceeded', detail: `${item.reason}, but the run changes nothing: ${share}` };
  }
}
