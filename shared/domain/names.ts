import { parseVersion, INT32_MAX } from './versions';

export type ResourceKind = 'gallery' | 'imageDefinition' | 'version';

/** One broken rule. `rule` is a stable id other code and reports may key on; `message` is for people. */
export interface NameViolation {
  kind: ResourceKind;
  name: string;
  rule: string;
  message: string;
}

/**
 * Rule ids checkName can report:
 * - `azure.<kind>.length`   gallery / image definition name is empty or longer than 80 characters
 * - `azure.<kind>.charset`  a character Azure does not allow (galleries: no hyphens)
 * - `azure.<kind>.edges`    first or last character is not a letter or digit
 * - `azure.version.format`  not `Major.Minor.Patch` with digits only
 * - `azure.version.int32`   a segment above 2147483647
 * - `convention.<kind>`     the catalog's naming convention does not match
 * - `convention.invalid-regex` the convention itself does not compile (reported, never thrown)
 */
export type NameRule =
  | 'azure.gallery.length'
  | 'azure.gallery.charset'
  | 'azure.gallery.edges'
  | 'azure.imageDefinition.length'
  | 'azure.imageDefinition.charset'
  | 'azure.imageDefinition.edges'
  | 'azure.version.format'
  | 'azure.version.int32'
  | 'convention.gallery'
  | 'convention.imageDefinition'
  | 'convention.version'
  | 'convention.invalid-regex';

/**
 * Defaults for the catalog's naming rules. Each is stricter than Azure and never contradicts it:
 * galleries use underscores because Azure forbids hyphens in gallery names; image definitions are
 * lower-case kebab words; versions are plain digits.
 */
export const DEFAULT_NAMING_CONVENTION: { gallery: string; imageDefinition: string; version: string } = {
  gallery: 'gal_[a-z0-9]+(?:_[a-z0-9]+)*',
  imageDefinition: '[a-z][a-z0-9]*(?:-[a-z0-9]+)*',
  version: '[0-9]+\\.[0-9]+\\.[0-9]+',
};

export const MAX_GALLERY_NAME_LENGTH = 80;
export const MAX_IMAGE_DEFINITION_NAME_LENGTH = 80;

interface CharsetRule {
  allowed: RegExp;
  describe: string;
}

const CHARSETS: Record<Exclude<ResourceKind, 'version'>, CharsetRule> = {
  gallery: { allowed: /^[A-Za-z0-9_.]$/, describe: 'letters, digits, underscores and periods (no hyphens)' },
  imageDefinition: { allowed: /^[A-Za-z0-9_.-]$/, describe: 'letters, digits, hyphens, underscores and periods' },
};

const ALPHANUMERIC = /^[A-Za-z0-9]$/;

function violation(kind: ResourceKind, name: string, rule: NameRule, message: string): NameViolation {
  return { kind, name, rule, message };
}

// Shown in messages so a control character or a huge name cannot make the report unreadable.
function quote(s: string): string {
  const shown = s.length > 100 ? `${s.slice(0, 100)}…` : s;
  return JSON.stringify(shown);
}

function checkResourceName(kind: 'gallery' | 'imageDefinition', name: string): NameViolation[] {
  const out: NameViolation[] = [];
  const max = kind === 'gallery' ? MAX_GALLERY_NAME_LENGTH : MAX_IMAGE_DEFINITION_NAME_LENGTH;
  const label = kind === 'gallery' ? 'gallery name' : 'image definition name';
  if (name.length === 0 || name.length > max) {
    out.push(violation(kind, name, `azure.${kind}.length`, `${label} must be 1..${max} characters, got ${name.length}`));
  }
  const charset = CHARSETS[kind];
  // Array.from walks code points, so an astral character is reported whole rather than as half a surrogate pair.
  const bad = [...new Set(Array.from(name).filter((c) => !charset.allowed.test(c)))];
  if (bad.length > 0) {
    out.push(
      violation(kind, name, `azure.${kind}.charset`,
        `${label} ${quote(name)} may contain only ${charset.describe}; found ${bad.map((c) => JSON.stringify(c)).join(', ')}`),
    );
  }
  const first = name.charAt(0);
  const last = name.charAt(name.length - 1);
  if (name.length > 0 && (!ALPHANUMERIC.test(first) || !ALPHANUMERIC.test(last))) {
    out.push(violation(kind, name, `azure.${kind}.edges`, `${label} ${quote(name)} must start and end with a letter or digit`));
  }
  return out;
}

function checkVersionName(name: string): NameViolation[] {
  if (!/^\d+\.\d+\.\d+$/.test(name)) {
    return [violation('version', name, 'azure.version.format', `version name ${quote(name)} must be Major.Minor.Patch with digits only`)];
  }
  if (parseVersion(name) === null) {
    return [violation('version', name, 'azure.version.int32', `version name ${quote(name)} has a segment above ${INT32_MAX} (each must be a 32-bit signed integer)`)];
  }
  return [];
}

function checkConvention(kind: ResourceKind, name: string, convention: string): NameViolation[] {
  let pattern: RegExp;
  try {
    // Anchored here so a convention written as `gal_.*` cannot match a substring of a bad name.
    pattern = new RegExp(`^(?:${convention})$`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [violation(kind, name, 'convention.invalid-regex', `naming convention for ${kind} ${quote(convention)} is not a valid regular expression: ${reason}`)];
  }
  if (pattern.test(name)) return [];
  return [violation(kind, name, `convention.${kind}`, `${kind} name ${quote(name)} does not match the naming convention /^(?:${convention})$/`)];
}

/**
 * Every rule `name` breaks: Azure's own rules for the kind (DESIGN.md §6), then the catalog's convention
 * when one is given. An empty array means the name is fine. Never throws.
 */
export function checkName(kind: ResourceKind, name: string, convention?: string): NameViolation[] {
  const azure = kind === 'version' ? checkVersionName(name) : checkResourceName(kind, name);
  return convention === undefined ? azure : [...azure, ...checkConvention(kind, name, convention)];
}
