/**
 * Tag names of docs/http-api.md#tags and how to read them: written on versions, temporary resources and image definitions,
 * read by the sweeper, captures, rebuild planning and GET /api/images. One home, so no two readers disagree.
 */
export const BUILD_TAG = 'autopilot-build';
export const INSTANCE_TAG = 'autopilot-instance';
export const TRIGGER_TAG = 'autopilot-trigger';
export const RECIPE_TAG = 'autopilot-recipe-sha256';
export const BASE_IMAGE_TAG = 'autopilot-base-image';
export const SOURCE_VM_TAG = 'autopilot-source-vm';
/** On imported versions: the import source's hash (shared/domain/importSource.ts), which makes an import idempotent. */
export const SOURCE_TAG = 'autopilot-source';
/** The `autopilot-trigger` value of an imported version. */
export const IMPORT_TRIGGER = 'import';
export const CAPTURE_TO_TAG = 'autopilot-capture-to';
export const DELETE_AFTER_CAPTURE_TAG = 'autopilot-delete-after-capture';
/** On versions a build made: the `reason` its HTTP caller gave, cut to a tag value's length. */
export const REASON_TAG = 'autopilot-reason';
/** On the image definition: consecutive failed scheduled builds (docs/architecture.md#activities-adapters-and-state). */
export const CONSECUTIVE_FAILURES_TAG = 'autopilot-consecutive-failures';
/** ISO time of the last failure the scheduled run recorded; pairs with the count so a later success is recognised. */
export const LAST_FAILURE_TAG = 'autopilot-last-failure';
/**
 * On a version a validation gate refused: `failed` (its checks failed), `rejected` (a person rejected it) or
 * `timed-out` (nobody approved it in time). Prune removes such a version after minAgeDays (retentionPlan.ts).
 */
export const VALIDATION_TAG = 'autopilot-validation';
export type ValidationTagValue = 'failed' | 'rejected' | 'timed-out';

/** The gate's verdict on a version (any case of the tag's name and value); null when it was never refused. */
export function validationRefusal(tags: Record<string, string>): ValidationTagValue | null {
  const value = readTag(tags, VALIDATION_TAG)?.trim().toLowerCase();
  return value === 'failed' || value === 'rejected' || value === 'timed-out' ? value : null;
}
/** Azure's limit on tag values. */
export const MAX_TAG_VALUE_LENGTH = 256;

/**
 * Tag names are case-insensitive in Azure: a tag set through the portal or a script may differ in case from the name we
 * write. `name` is given in lower case; an exact match wins over one differing only in case.
 */
export function readTag(tags: Record<string, string>, name: string): string | undefined {
  if (Object.hasOwn(tags, name)) return tags[name];
  const key = Object.keys(tags).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : tags[key];
}

/** A count that is missing, negative or not a number reads as 0: a hand-edited tag must not pause an image. */
export function failureCount(tags: Record<string, string>): number {
  const n = Number(readTag(tags, CONSECUTIVE_FAILURES_TAG) ?? '0');
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** The tags without `name` in any case (tag names are case-insensitive: a hand-set `Autopilot-…` is the same tag). */
export function withoutTag(tags: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([k]) => k.toLowerCase() !== name));
}

/** The definition's tags with the failure count and its time removed: what a success or a resume writes. */
export function withoutFailureTags(tags: Record<string, string>): Record<string, string> {
  return withoutTag(withoutTag(tags, CONSECUTIVE_FAILURES_TAG), LAST_FAILURE_TAG);
}

export function lastFailureAt(tags: Record<string, string>): string | null {
  const value = readTag(tags, LAST_FAILURE_TAG);
  return value !== undefined && !Number.isNaN(Date.parse(value)) ? value : null;
}

/**
 * A tag value from free text: at most MAX_TAG_VALUE_LENGTH UTF-16 units (how Azure counts), a cut one ending in an
 * ellipsis. The cut never splits a surrogate pair, which would leave text ARM refuses as malformed.
 */
export function tagValue(text: string): string {
  if (text.length <= MAX_TAG_VALUE_LENGTH) return text;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length > MAX_TAG_VALUE_LENGTH - 1) break;
    kept += char;
  }
  return `${kept}\u2026`;
}
