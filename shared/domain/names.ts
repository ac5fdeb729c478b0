import { quoted } from './quoted';
import { parseVersion, INT32_MAX } from './versions';

/** Kinds the catalog names and its naming conventions cover. */
export type ResourceKind = 'gallery' | 'imageDefinition' | 'version';

/**
 * Every name the app checks against Azure's own rules: the catalog's kinds, plus the segments of the resource IDs it
 * takes from outside (a VM ID in a request body or an Event Grid event).
 */
export type AzureNameKind = ResourceKind | 'subscription' | 'resourceGroup' | 'virtualMachine';

/** One broken rule. `rule` is a stable id other code and reports may key on; `message` is for people. */
export interface NameViolation {
  kind: AzureNameKind;
  name: string;
  rule: string;
  message: string;
}

/**
 * Rule ids checkName and checkAzureName can report:
 * - `azure.<kind>.length`   empty or longer than Azure allows (galleries and image definitions 80, resource groups 90,
 *                           virtual machines 64)
 * - `azure.<kind>.charset`  a character Azure does not allow (galleries: no hyphens)
 * - `azure.<kind>.edges`    a first or last character Azure does not allow
 * - `azure.subscription.format` not a GUID
 * - `azure.version.format`  not `Major.Minor.Patch` with digits only
 * - `azure.version.int32`   a segment above 2147483647
 * - `convention.<kind>`     the catalog's naming convention does not match
 * - `convention.invalid-regex` the convention itself does not compile (reported, never thrown)
 */
export type NameRule =
  | `azure.${Exclude<AzureNameKind, 'version' | 'subscription'>}.${'length' | 'charset' | 'edges'}`
  | 'azure.subscription.format'
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

type SegmentKind = Exclude<AzureNameKind, 'version' | 'subscription'>;

interface NameSpec {
  label: string;
  max: number;
  /** One code point. */
  allowed: RegExp;
  describe: string;
  edgesOk: (first: string, last: string) => boolean;
  edgesDescribe: string;
}

const ALPHANUMERIC = /^[A-Za-z0-9]$/;
const alphanumericEdges = (first: string, last: string) => ALPHANUMERIC.test(first) && ALPHANUMERIC.test(last);

/**
 * Azure's naming rules (docs/architecture.md#resource-names; "Naming rules and restrictions for Azure resources"). Resource groups take
 * ARM's own class (`[-\w._()]`, Unicode letters and digits included). For virtual machines the documented character
 * list is the host name's; the resource name is the looser ASCII set the compute provider accepts, so no VM that
 * exists is refused, while `.`, `..`, `?`, `#`, control characters and lone surrogates never reach a request path.
 */
const SPECS: Record<SegmentKind, NameSpec> = {
  gallery: {
    label: 'gallery name',
    max: MAX_GALLERY_NAME_LENGTH,
    allowed: /^[A-Za-z0-9_.]$/,
    describe: 'letters, digits, underscores and periods (no hyphens)',
    edgesOk: alphanumericEdges,
    edgesDescribe: 'must start and end with a letter or digit',
  },
  imageDefinition: {
    label: 'image definition name',
    max: MAX_IMAGE_DEFINITION_NAME_LENGTH,
    allowed: /^[A-Za-z0-9_.-]$/,
    describe: 'letters, digits, hyphens, underscores and periods',
    edgesOk: alphanumericEdges,
    edgesDescribe: 'must start and end with a letter or digit',
  },
  resourceGroup: {
    label: 'resource group name',
    max: 90,
    allowed: /^[\p{L}\p{Mn}\p{Nd}\p{Pc}().-]$/u,
    describe: 'letters, digits, underscores, parentheses, hyphens and periods',
    edgesOk: (_first, last) => last !== '.',
    edgesDescribe: 'must not end with a period',
  },
  virtualMachine: {
    label: 'virtual machine name',
    max: 64,
    allowed: /^[A-Za-z0-9_.-]$/,
    describe: 'letters, digits, hyphens, underscores and periods',
    edgesOk: (first, last) => ALPHANUMERIC.test(first) && /^[A-Za-z0-9_]$/.test(last),
    edgesDescribe: 'must start with a letter or digit and end with a letter, digit or underscore',
  },
};

function violation(kind: AzureNameKind, name: string, rule: NameRule, message: string): NameViolation {
  return { kind, name, rule, message };
}

// Shown in messages so a control character or a huge name cannot make the report unreadable.
function quote(s: string): string {
  return quoted(s, 100);
}

/** Code points, not UTF-16 units; a name far longer than any limit is not walked to say so. */
function lengthOf(name: string, max: number): number {
  return name.length > 2 * max ? name.length : Array.from(name).length;
}

function checkSegment(kind: SegmentKind, name: string): NameViolation[] {
  const spec = SPECS[kind];
  const out: NameViolation[] = [];
  const length = lengthOf(name, spec.max);
  if (length === 0 || length > spec.max) {
    out.push(violation(kind, name, `azure.${kind}.length`, `${spec.label} must be 1..${spec.max} characters, got ${length}`));
  }
  // Array.from walks code points, so an astral character is reported whole rather than as half a surrogate pair.
  const chars = Array.from(name.length > 4 * spec.max ? name.slice(0, 4 * spec.max) : name);
  const bad = [...new Set(chars.filter((c) => !spec.allowed.test(c)))];
  if (bad.length > 0) {
    const shown = bad.slice(0, 10).map((c) => quoted(c)).join(', ');
    out.push(violation(kind, name, `azure.${kind}.charset`, `${spec.label} ${quote(name)} may contain only ${spec.describe}; found ${shown}`));
  }
  if (chars.length > 0 && !spec.edgesOk(chars[0] ?? '', Array.from(name.slice(-2)).at(-1) ?? '')) {
    out.push(violation(kind, name, `azure.${kind}.edges`, `${spec.label} ${quote(name)} ${spec.edgesDescribe}`));
  }
  return out;
}

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function checkSubscription(id: string): NameViolation[] {
  if (GUID.test(id)) return [];
  return [violation('subscription', id, 'azure.subscription.format', `subscription ID ${quote(id)} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`)];
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
 * Every rule `name` breaks: Azure's own rules for the kind (docs/architecture.md#resource-names), then the catalog's convention
 * when one is given. An empty array means the name is fine. Never throws.
 */
export function checkName(kind: ResourceKind, name: string, convention?: string): NameViolation[] {
  const azure = checkAzureName(kind, name);
  return convention === undefined ? azure : [...azure, ...checkConvention(kind, name, convention)];
}

/** Every Azure rule `name` breaks as a `kind` (no convention: names from outside are not the catalog's). Never throws. */
export function checkAzureName(kind: AzureNameKind, name: string): NameViolation[] {
  if (kind === 'version') return checkVersionName(name);
  if (kind === 'subscription') return checkSubscription(name);
  return checkSegment(kind, name);
}
