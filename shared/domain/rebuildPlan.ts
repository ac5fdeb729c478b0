import type { RebuildPolicy } from './catalog';
import { BASE_IMAGE_TAG, MAX_TAG_VALUE_LENGTH, RECIPE_TAG, readTag } from './tags';

/**
 * Why an image is due. Codes are stable (scheduled-run outputs and tests key on them):
 * - `definition-missing` the image definition does not exist yet (an image new to the catalog): the build creates it
 * - `no-version`         the image has no version yet
 * - `base-image-changed` the newest base image differs from the `autopilot-base-image` of the newest build provenance
 *                        (shared/domain/provenance.ts; or that tag is missing: provenance unknown). "Differs", not
 *                        "is higher": a pin moved back in the catalog must rebuild too, and a hashed tag has no order.
 * - `recipe-changed`     the recipe hash differs from that version's `autopilot-recipe-sha256` (or it is missing)
 * - `max-age-exceeded`   the latest version was published more than `maxAgeDays` ago
 */
export type RebuildReason = 'definition-missing' | 'no-version' | 'base-image-changed' | 'recipe-changed' | 'max-age-exceeded';

export interface RebuildDecision {
  decision: 'rebuild' | 'up-to-date';
  reasons: RebuildReason[];
  /** One sentence per finding, for people reading the scheduled run's output. */
  detail: string;
  /** The base image moved since the latest version (drives nextVersion's minor bump), whatever the policy. */
  baseImageChanged: boolean;
}

export interface LatestVersionFacts {
  name: string;
  /** ISO 8601; null when ARM did not report it (age unknown: never a reason on its own). */
  publishedDate: string | null;
  tags: Record<string, string>;
}

export interface RebuildInput {
  policy: RebuildPolicy;
  /** Newest available base image version; null when unknown (then the base image is never a reason). */
  baseImageVersion: string | null;
  /**
   * Hash of `baseImageVersion` as written by baseImageTagValue — required only when the version is longer
   * than 256 characters. Hashing lives outside the domain (no crypto here), so the caller passes it in.
   */
  baseImageVersionHash?: string;
  /** The image's latest version (per latestVersion without region), or null when it has none. */
  latest: LatestVersionFacts | null;
  /**
   * The newest version a build made (buildProvenance's `source`), when the latest is a capture (no recipe provenance). A person who captured a
   * VM into the image chose that version: it is replaced when the base image or the recipe moved since the last
   * build, or when it ages out, not merely because a capture carries no build provenance.
   */
  latestBuilt?: { name: string; tags: Record<string, string> };
  /** sha256 (hex) of the current recipe. */
  recipeSha256: string;
  now: Date;
  /** The image definition does not exist (then there is no version either): the build creates it. */
  definitionMissing?: boolean;
}

const DAY_MS = 86_400_000;

/**
 * The value to write in `autopilot-base-image`: the exact base version, or `hash(version)` when it would
 * not fit in a tag value. `hash` is supplied by the caller (sha256 hex in the product).
 */
export function baseImageTagValue(baseVersion: string, hash: (s: string) => string): string {
  return baseVersion.length <= MAX_TAG_VALUE_LENGTH ? baseVersion : hash(baseVersion);
}

/** Whether a version's `autopilot-base-image` tag records `baseVersion` (exactly, or hashed when long). */
export function baseImageTagMatches(tagValue: string | undefined, baseVersion: string, hash: (s: string) => string): boolean {
  return tagValue !== undefined && tagValue === baseImageTagValue(baseVersion, hash);
}

function parseDate(field: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${field}: must be an ISO 8601 date, got ${JSON.stringify(value)}`);
  return ms;
}

/**
 * Decides whether a scheduled run should build the image. Pure: the caller reads the newest base version,
 * the latest version's tags and date, and the recipe hash; `now` is a parameter. Each enabled rule that
 * fires adds its reason; any reason means `rebuild`. Pausing after failures and "already running" are
 * decided by the scheduled run itself, not here.
 */
export function planRebuild(input: RebuildInput): RebuildDecision {
  const { policy, latest, now } = input;
  if (Number.isNaN(now.getTime())) throw new RangeError('now: must be a valid date');
  if (policy.maxAgeDays !== null && !(Number.isFinite(policy.maxAgeDays) && policy.maxAgeDays >= 0)) {
    throw new RangeError(`rebuild.maxAgeDays: must be a number >= 0 or null, got ${policy.maxAgeDays}`);
  }

  if (input.definitionMissing === true) {
    return { decision: 'rebuild', reasons: ['definition-missing'], detail: 'the image definition does not exist yet: the build creates it from the catalog', baseImageChanged: false };
  }
  if (latest === null) {
    return { decision: 'rebuild', reasons: ['no-version'], detail: 'the image has no version yet', baseImageChanged: false };
  }

  const reasons: RebuildReason[] = [];
  const details: string[] = [];

  let baseImageChanged = false;
  // Provenance comes from the latest version, or from the last build when the latest is a capture.
  const provenance = input.latestBuilt ?? latest;
  const baseTag = readTag(provenance.tags, BASE_IMAGE_TAG);
  if (input.baseImageVersion === null) {
    details.push('newest base image version unknown: base image not compared');
  } else {
    const base = input.baseImageVersion;
    const hashed = input.baseImageVersionHash;
    if (base.length > MAX_TAG_VALUE_LENGTH && hashed === undefined) {
      throw new RangeError(`baseImageVersionHash: required when baseImageVersion is longer than ${MAX_TAG_VALUE_LENGTH} characters (got ${base.length})`);
    }
    baseImageChanged = !baseImageTagMatches(baseTag, base, () => hashed ?? '');
    if (baseImageChanged) {
      const was = baseTag === undefined ? `no ${BASE_IMAGE_TAG} tag` : `built from ${JSON.stringify(baseTag)}`;
      if (policy.onBaseImageChange) {
        reasons.push('base-image-changed');
        details.push(`base image is now ${JSON.stringify(base)}: ${provenance.name} has ${was}`);
      } else {
        details.push(`base image changed (${provenance.name} has ${was}) but onBaseImageChange is off`);
      }
    }
  }

  const recipeTag = readTag(provenance.tags, RECIPE_TAG);
  if (recipeTag !== input.recipeSha256) {
    const was = recipeTag === undefined ? `no ${RECIPE_TAG} tag` : `recipe ${recipeTag.slice(0, 12)}…`;
    if (policy.onRecipeChange) {
      reasons.push('recipe-changed');
      details.push(`recipe changed: ${provenance.name} has ${was}, current is ${input.recipeSha256.slice(0, 12)}…`);
    } else {
      details.push(`recipe changed (${provenance.name} has ${was}) but onRecipeChange is off`);
    }
  }
  if (input.latestBuilt !== undefined) details.push(`${latest.name} was captured; provenance from build ${input.latestBuilt.name}`);

  if (policy.maxAgeDays !== null) {
    if (latest.publishedDate === null) {
      details.push(`${latest.name} has no published date: age not compared`);
    } else {
      const ageDays = (now.getTime() - parseDate('latest.publishedDate', latest.publishedDate)) / DAY_MS;
      if (ageDays > policy.maxAgeDays) {
        reasons.push('max-age-exceeded');
        details.push(`${latest.name} is ${Math.floor(ageDays)} days old (maxAgeDays ${policy.maxAgeDays})`);
      }
    }
  }

  if (reasons.length === 0) {
    details.unshift(`${latest.name} is up to date`);
    return { decision: 'up-to-date', reasons, detail: details.join('; '), baseImageChanged };
  }
  return { decision: 'rebuild', reasons, detail: details.join('; '), baseImageChanged };
}
