import * as z from 'zod';
import { normalizeRegion } from '../domain/regions';
import { showValue } from './Problem';

/**
 * Field schemas shared by the catalog's input and resolved schemas. Each carries its rule in its error message so
 * a problem reads `must be 1..100, got 0` rather than zod's generic text.
 */
type IssueLike = { input?: unknown };

export const INT32_MAX = 2_147_483_647;

export function intIn(min: number, max: number) {
  const range = (iss: IssueLike) => `must be ${min}..${max}, got ${showValue(iss.input)}`;
  const type = (iss: IssueLike) =>
    iss.input === undefined ? `required (a whole number ${min}..${max})` : `must be a whole number ${min}..${max}, got ${showValue(iss.input)}`;
  return z.int({ error: type }).min(min, { error: range }).max(max, { error: range });
}

/** A string matching `re`; `rule` says in words what the pattern demands. */
export function matching(re: RegExp, rule: string) {
  return z
    .string({ error: (iss: IssueLike) => (iss.input === undefined ? `required (${rule})` : `${rule}, got ${showValue(iss.input)}`) })
    .regex(re, { error: (iss: IssueLike) => `${rule}, got ${showValue(iss.input)}` });
}

const GUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const RG_RE = /^[-\w.()]{0,89}[-\w()]$/;
const RG = '[-\\w.()]{0,89}[-\\w()]';
const GUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const SEGMENT = '[^/\\s]+';

/**
 * ARM compares the fixed words of IDs case-insensitively (and returns `resourcegroups` at times). Spelled out as
 * `[Ss][Uu]…` rather than an `i` flag because JSON Schema patterns carry no flags, and the editor must accept
 * exactly what the loader accepts.
 */
function caseless(words: string): string {
  return words.replace(/[A-Za-z]/g, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`).replace(/\./g, '\\.');
}
const SUBSCRIPTIONS = `/${caseless('subscriptions')}/(${GUID})`;
const RESOURCE_GROUPS = `/${caseless('resourceGroups')}/(${RG})`;

export const SCOPE_ID_RE = new RegExp(`^${SUBSCRIPTIONS}(?:${RESOURCE_GROUPS})?$`);
export const SUBNET_ID_RE = new RegExp(
  `^${SUBSCRIPTIONS}${RESOURCE_GROUPS}/${caseless('providers/Microsoft.Network/virtualNetworks')}/(${SEGMENT})/${caseless('subnets')}/(${SEGMENT})$`,
);
export const GALLERY_IMAGE_ID_RE = new RegExp(
  `^${SUBSCRIPTIONS}${RESOURCE_GROUPS}/${caseless('providers/Microsoft.Compute/galleries')}/(${SEGMENT})/${caseless('images')}/(${SEGMENT})(?:/${caseless('versions')}/(${SEGMENT}))?$`,
);

export const USER_ASSIGNED_IDENTITY_ID_RE = new RegExp(
  `^${SUBSCRIPTIONS}${RESOURCE_GROUPS}/${caseless('providers/Microsoft.ManagedIdentity/userAssignedIdentities')}/(${SEGMENT})$`,
);

export const guid = matching(GUID_RE, 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)').transform((s) => s.toLowerCase());

export const resourceGroupName = matching(RG_RE, 'must be a resource group name (1-90 letters, digits, _ - . ( ), not ending in a period)');

export const scopeId = matching(SCOPE_ID_RE, 'must be an ARM scope ID: /subscriptions/{guid} or /subscriptions/{guid}/resourceGroups/{name}');

export const subnetId = matching(
  SUBNET_ID_RE,
  'must be a subnet ID: /subscriptions/{guid}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}',
);

export const userAssignedIdentityId = matching(
  USER_ASSIGNED_IDENTITY_ID_RE,
  'must be a user-assigned identity ID: /subscriptions/{guid}/resourceGroups/{rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{name}',
);

export const galleryImageId = matching(
  GALLERY_IMAGE_ID_RE,
  'must be a gallery image ID: /subscriptions/{guid}/resourceGroups/{rg}/providers/Microsoft.Compute/galleries/{gallery}/images/{image}[/versions/{version}]',
);

/** ARM accepts `West Europe` and `westeurope` alike; the catalog stores the lower-case, space-free form. */
export const regionName = z
  .string({ error: (iss: IssueLike) => (iss.input === undefined ? 'required (an Azure region such as westeurope)' : `must be a region name, got ${showValue(iss.input)}`) })
  .transform(normalizeRegion)
  .pipe(matching(/^[a-z][a-z0-9]*$/, 'must be an Azure region name such as westeurope'));

export const httpsUrl = z
  .string({ error: (iss: IssueLike) => (iss.input === undefined ? 'required (an https URL)' : `must be an https URL, got ${showValue(iss.input)}`) })
  .refine(
    (s) => {
      try {
        return new URL(s).protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: (iss: IssueLike) => `must be an absolute https URL, got ${showValue(iss.input)}` },
  );

/** A regex source that must compile; reported with the engine's own reason. */
export const regexSource = z.string().superRefine((source, ctx) => {
  try {
    // Compiled the way checkName anchors it, so what passes here is exactly what the checker can use.
    new RegExp(`^(?:${source})$`);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `must be a valid regular expression (${(error as Error).message}), got ${showValue(source)}` });
  }
});

/** Publisher, offer and SKU of image definitions and marketplace images. */
export const identifier = (max: number) =>
  matching(new RegExp(`^[A-Za-z0-9][A-Za-z0-9._-]{0,${max - 1}}$`), `must be 1-${max} letters, digits, periods, hyphens or underscores, starting with a letter or digit`);

export const nonEmpty = (max: number) =>
  z.string().trim().min(1, { error: 'must not be empty' }).max(max, { error: (iss: IssueLike) => `must be at most ${max} characters, got ${showValue(iss.input)}` });

/** Azure allows 50 tags per resource; Image Autopilot writes five of its own, all under the `autopilot-` prefix. */
export const MAX_USER_TAGS = 45;
export const RESERVED_TAG_PREFIX = 'autopilot-';

const tagKey = z
  .string()
  .min(1, { error: 'tag name must not be empty' })
  .max(512, { error: 'tag name must be at most 512 characters' })
  .regex(/^[^<>%&\\?/]+$/, { error: (iss: IssueLike) => `tag name must not contain < > % & \\ ? /, got ${showValue(iss.input)}` })
  .refine((k) => !k.toLowerCase().startsWith(RESERVED_TAG_PREFIX), {
    error: `tag names starting with "${RESERVED_TAG_PREFIX}" are reserved for Image Autopilot's own tags`,
  });

const tagValue = z
  .string({ error: (iss: IssueLike) => `tag value must be a string, got ${showValue(iss.input)}${typeof iss.input === 'number' || typeof iss.input === 'boolean' ? ' (quote it in YAML)' : ''}` })
  .max(256, { error: (iss: IssueLike) => `tag value must be at most 256 characters (Azure's limit; hash long IDs), got ${typeof iss.input === 'string' ? iss.input.length : 0}` });

export const tags = z
  .record(tagKey, tagValue)
  .refine((t) => Object.keys(t).length <= MAX_USER_TAGS, {
    error: (iss: IssueLike) =>
      `at most ${MAX_USER_TAGS} tags (Azure allows 50 per resource; Image Autopilot adds its own), got ${typeof iss.input === 'object' && iss.input !== null ? Object.keys(iss.input).length : 0}`,
  })
  .describe(`Tags written on the image's versions; values at most 256 characters, names starting with ${RESERVED_TAG_PREFIX} reserved.`);
