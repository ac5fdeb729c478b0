import type { VersioningScheme } from './catalog';

/** A gallery image version name `Major.Minor.Patch` as numbers (docs/architecture.md#version-names: each a 32-bit signed integer). */
export interface VersionNumber {
  major: number;
  minor: number;
  patch: number;
}

export const INT32_MAX = 2_147_483_647;

/**
 * Thrown when the scheme has no int32-safe version left. Error classes do not survive the activity boundary,
 * so the stable code leads the message (docs/architecture.md#error-codes).
 */
export class VersionOverflowError extends Error {
  override readonly name = 'VersionOverflowError';
  constructor(detail: string) {
    super(`VERSION_OVERFLOW: ${detail}`);
  }
}

// Digits only: a sign, spaces, exponents or hex would be accepted by Number() but never by Azure.
const VERSION_PATTERN = /^(\d+)\.(\d+)\.(\d+)$/;

function isInt32Segment(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0 && n <= INT32_MAX;
}

/**
 * Strict parse: exactly three dot-separated digit runs, each ≤ 2147483647. Leading zeros are accepted and
 * read numerically (`1.0.010` is 1.0.10) because a name Azure accepted must still count when we look for
 * the highest version; formatVersion always writes the canonical form.
 */
export function parseVersion(name: string): VersionNumber | null {
  const match = VERSION_PATTERN.exec(name);
  if (!match) return null;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const patch = Number(match[3]);
  if (!isInt32Segment(major) || !isInt32Segment(minor) || !isInt32Segment(patch)) return null;
  return { major, minor, patch };
}

export function formatVersion(v: VersionNumber): string {
  for (const [field, value] of [['major', v.major], ['minor', v.minor], ['patch', v.patch]] as const) {
    if (!isInt32Segment(value)) {
      throw new RangeError(`formatVersion: ${field} must be an integer 0..${INT32_MAX}, got ${value}`);
    }
  }
  return `${v.major}.${v.minor}.${v.patch}`;
}

function compareNumbers(a: VersionNumber, b: VersionNumber): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/**
 * A total order usable as a sort comparator over any names a gallery may hold: numeric by segment;
 * unparsable names sort below every valid version (and among themselves by code unit order); two spellings
 * of one number (`1.0.1`, `1.0.01`) are ordered by their text so sorting stays deterministic.
 */
export function compareVersions(a: string | VersionNumber, b: string | VersionNumber): number {
  const pa = typeof a === 'string' ? parseVersion(a) : a;
  const pb = typeof b === 'string' ? parseVersion(b) : b;
  if (pa && pb) {
    const byNumber = compareNumbers(pa, pb);
    if (byNumber !== 0) return Math.sign(byNumber);
  } else if (pa) {
    return 1;
  } else if (pb) {
    return -1;
  }
  // Only two names can differ in spelling; a number compared with anything numerically equal is equal.
  if (typeof a !== 'string' || typeof b !== 'string') return 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `YYYYMMDD` of the UTC day of `now`, as a number. */
export function utcDateSegment(now: Date): number {
  return now.getUTCFullYear() * 10_000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
}

interface NextVersionContext {
  now: Date;
  baseImageChanged: boolean;
}

/**
 * The name of the next version to publish. The result is always three int32 segments and strictly greater
 * than every parsable existing name, because a version below the current highest would never become
 * `latest` (Azure picks the highest) — a silent failure worse than an error.
 *
 * - The major is the configured one, unless an existing version already has a higher major: then that
 *   higher major continues (lowering `major` in the catalog cannot make new builds invisible).
 * - `semver`: first version `M.0.0`; then patch + 1, or minor + 1 with patch 0 when the base image changed.
 *   If the preferred segment would overflow, the other one is used (patch + 1 / minor + 1, patch 0);
 *   the major is never bumped on our own, so when both overflow this throws VersionOverflowError.
 * - `date`: `M.YYYYMMDD.N` with the UTC day of `now`, N = 1 + the highest N of that day (`baseImageChanged`
 *   plays no part: the date already tells builds apart). If the highest
 *   version is already on a later "day" (clock moved back, or junk like `1.99999999.1`), N continues on
 *   that day so the result is still greater.
 */
export function nextVersion(
  scheme: VersioningScheme,
  existing: readonly string[],
  ctx: NextVersionContext,
): string {
  if (!Number.isSafeInteger(scheme.major) || scheme.major < 0) {
    throw new RangeError(`versioning.major must be an integer 0..${INT32_MAX}, got ${scheme.major}`);
  }
  if (scheme.major > INT32_MAX) {
    throw new VersionOverflowError(`versioning.major ${scheme.major} exceeds ${INT32_MAX}`);
  }
  if (Number.isNaN(ctx.now.getTime())) throw new RangeError('nextVersion: now must be a valid date');

  let highest: VersionNumber | null = null;
  for (const name of existing) {
    const parsed = parseVersion(name);
    if (parsed && (highest === null || compareNumbers(parsed, highest) > 0)) highest = parsed;
  }

  const major = highest && highest.major > scheme.major ? highest.major : scheme.major;
  const top = highest && highest.major === major ? highest : null;

  return scheme.scheme === 'semver'
    ? formatVersion(nextSemver(major, top, ctx.baseImageChanged))
    : formatVersion(nextDate(major, top, ctx.now));
}

function nextSemver(major: number, top: VersionNumber | null, baseImageChanged: boolean): VersionNumber {
  if (!top) return { major, minor: 0, patch: 0 };
  const bumpMinor = top.minor < INT32_MAX ? { major, minor: top.minor + 1, patch: 0 } : null;
  const bumpPatch = top.patch < INT32_MAX ? { major, minor: top.minor, patch: top.patch + 1 } : null;
  const next = baseImageChanged ? (bumpMinor ?? bumpPatch) : (bumpPatch ?? bumpMinor);
  if (!next) throw new VersionOverflowError(`no int32-safe version above ${formatVersion(top)} in major ${major}`);
  return next;
}

function nextDate(major: number, top: VersionNumber | null, now: Date): VersionNumber {
  const today = utcDateSegment(now);
  if (!isInt32Segment(today)) throw new VersionOverflowError(`date segment ${today} of ${now.toISOString()} exceeds ${INT32_MAX}`);
  if (!top || top.minor < today) return { major, minor: today, patch: 1 };
  if (top.patch >= INT32_MAX) {
    throw new VersionOverflowError(`build counter of day ${top.minor} in major ${major} is exhausted`);
  }
  return { major, minor: top.minor, patch: top.patch + 1 };
}
