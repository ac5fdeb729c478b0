import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { Catalog, ImageSpec } from '../domain/catalog';
import { CatalogError } from './CatalogError';
import { checkCatalogRules, type RuleInput } from './catalogRules';
import {
  BUILT_IN_DEFAULTS,
  catalogDocumentSchema,
  defaultsSchema,
  gallerySchema,
  imageInputSchema,
  imageResolvedSchema,
  policySchema,
  scopesSchema,
  stagingSchema,
  type CatalogDefaults,
  type ImageInput,
} from './catalogSchema';
import { deepMerge, isPlainObject } from './deepMerge';
import { dedupeProblems, parsePath, type Problem } from './Problem';
import { catalogErrorMap, zodIssuesToProblems } from './zodProblems';

type ParseResult<T> = { ok: true; value: T } | { ok: false };

// jitless: zod would otherwise generate and compile a fast parser for every object schema on its first parse, for a
// catalog read once per process: that codegen was a third of the packaged app's cold start. Same results either way.
function parseWith<S extends z.ZodType>(schema: S, value: unknown, prefix: string, problems?: Problem[]): ParseResult<z.output<S>> {
  const result = schema.safeParse(value, { reportInput: true, error: catalogErrorMap, jitless: true });
  if (result.success) return { ok: true, value: result.data };
  if (problems !== undefined) for (const problem of zodIssuesToProblems(result.error.issues, prefix, schema)) problems.push(problem);
  return { ok: false };
}

/** YAML text → plain data, or the syntax problems with line and column. */
type Located = (path: string) => number | undefined;

function locator(doc: Document, lines: LineCounter): Located {
  return (path) => {
    const segments = parsePath(path);
    if (segments === undefined) return undefined;
    // The nearest existing node: a missing key is reported on the line of the mapping that lacks it.
    for (let n = segments.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return undefined;
  };
}

function parseYaml(yamlText: string): { ok: true; value: unknown; locate: Located } | { ok: false; problems: Problem[] } {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { path: `line ${pos.line}, column ${pos.col}`, message: `YAML syntax: ${e.message.split('\n')[0] ?? e.code}` };
      }),
    };
  }
  try {
    // The alias cap stops "billion laughs" documents from expanding into gigabytes.
    return { ok: true, value: doc.toJS({ maxAliasCount: 1000 }), locate: locator(doc, lines) };
  } catch (error) {
    return { ok: false, problems: [{ path: '(yaml)', message: `YAML could not be read: ${(error as Error).message}` }] };
  }
}

const { customizationTimeoutSeconds: BUILT_IN_TIMEOUT, ...BUILT_IN_IMAGE } = BUILT_IN_DEFAULTS;

/** An image with `defaults` (then the built-in defaults) filled in, before the resolved schema checks it. */
function mergeImage(image: ImageInput, defaults: CatalogDefaults): unknown {
  const { customizationTimeoutSeconds, ...inheritable } = defaults;
  const merged = deepMerge(deepMerge(BUILT_IN_IMAGE, inheritable), image);
  const timeout = customizationTimeoutSeconds ?? BUILT_IN_TIMEOUT;
  return {
    ...(merged as object),
    customization: image.customization.map((step) => ({ ...step, timeoutSeconds: step.timeoutSeconds ?? timeout })),
    ...(image.validation === undefined
      ? {}
      : { validation: { ...image.validation, steps: image.validation.steps.map((step) => ({ ...step, timeoutSeconds: step.timeoutSeconds ?? timeout })) } }),
  };
}

/**
 * `defaults` key by key, so one bad default does not stop every image from being checked against the others.
 * `broken` names the keys that failed (their problems come from the whole-document pass).
 */
function usableDefaults(raw: unknown): { value: CatalogDefaults; broken: Set<string> } {
  const value: Record<string, unknown> = {};
  const broken = new Set<string>();
  if (!isPlainObject(raw)) return { value: {}, broken };
  const shape = defaultsSchema.shape as Record<string, z.ZodType | undefined>;
  for (const [key, entry] of Object.entries(raw)) {
    // Own keys only: `defaults: { toString: … }` must be an unknown key, not Object.prototype.toString as a schema.
    const schema = Object.hasOwn(shape, key) ? shape[key] : undefined;
    if (schema === undefined) continue;
    const parsed = parseWith(schema, entry, `defaults.${key}`);
    if (parsed.ok) value[key] = parsed.value;
    else broken.add(key);
  }
  return { value: value as CatalogDefaults, broken };
}

/**
 * Parses and validates a catalog (docs/architecture.md#the-catalog, docs/catalog.md). Throws one CatalogError listing every problem:
 * schema problems of the whole document first, then the cross-field rules for the sections that were valid.
 */
export function loadCatalog(yamlText: string, source?: string): Catalog {
  const yaml = parseYaml(yamlText);
  if (!yaml.ok) throw new CatalogError(yaml.problems, source);
  const raw = yaml.value;

  const problems: Problem[] = [];
  const whole = parseWith(catalogDocumentSchema, raw, '', problems);
  const doc = isPlainObject(raw) ? raw : {};

  // Section by section again, so the rules can run on whatever is valid even when something else is not.
  const gallery = parseWith(gallerySchema, doc.gallery, 'gallery');
  const staging = parseWith(stagingSchema, doc.staging, 'staging');
  const scopes = parseWith(scopesSchema, doc.scopes, 'scopes');
  const defaults = usableDefaults(doc.defaults);
  const policy = parseWith(policySchema, doc.policy ?? {}, 'policy');
  const rawImages = Array.isArray(doc.images) ? (doc.images as unknown[]) : [];

  const images: RuleInput['images'] = [];
  let incomplete = false;
  rawImages.forEach((rawImage, index) => {
    const input = parseWith(imageInputSchema, rawImage, `images[${index}]`);
    if (!input.ok) return;
    const resolvedProblems: Problem[] = [];
    const result = parseWith(imageResolvedSchema, mergeImage(input.value, defaults.value), `images[${index}]`, resolvedProblems);
    // A field missing only because its default was invalid is already reported under defaults.
    const inheritedFromBroken = (p: Problem) =>
      [...defaults.broken].some((key) => p.path === `images[${index}].${key}` || p.path.startsWith(`images[${index}].${key}.`) || p.path.startsWith(`images[${index}].${key}[`));
    for (const p of resolvedProblems) {
      if (!inheritedFromBroken(p)) problems.push({ ...p, message: `${p.message}; set it on the image or under defaults` });
    }
    const complete = result.ok && defaults.broken.size === 0;
    images.push(result.ok ? { index, input: input.value, resolved: result.value } : { index, input: input.value });
    if (!complete) incomplete = true;
  });

  const ruleInput: RuleInput = { images, defaultsHaveTargetRegions: defaults.value.targetRegions !== undefined };
  if (gallery.ok) ruleInput.gallery = gallery.value;
  if (staging.ok) ruleInput.staging = staging.value;
  if (policy.ok) ruleInput.policy = policy.value;
  for (const problem of checkCatalogRules(ruleInput)) problems.push(problem);

  // Document order reads best; problems without a line (none so far) keep their place at the end.
  const all = dedupeProblems(problems)
    .map((p) => {
      const line = yaml.locate(p.path);
      return line === undefined ? p : { ...p, line };
    })
    .sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  if (all.length > 0 || incomplete || !whole.ok || !gallery.ok || !staging.ok || !scopes.ok || !policy.ok) {
    throw new CatalogError(all, source);
  }
  return {
    gallery: gallery.value,
    staging: staging.value,
    scopes: scopes.value,
    images: images.map((i) => i.resolved).filter((i): i is ImageSpec => i !== undefined),
    policy: policy.value,
  };
}
