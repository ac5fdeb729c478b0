import type { GallerySpec, ImageSpec, PolicySpec, StagingSpec } from '../domain/catalog';
import { checkName } from '../domain/names';
import { sizeProblems } from '../domain/vmSizes';
import type { Problem } from './Problem';
import type { ImageInput } from './catalogSchema';
import { GALLERY_IMAGE_ID_RE, SUBNET_ID_RE } from './schemaFields';
import { checkSharing } from './sharingRules';
import { stepListProblems } from './stepRules';
import { checkValidation } from './validationRules';

/** What the cross-field rules look at: every section that passed its own schema (failed ones are already reported). */
export interface RuleInput {
  gallery?: GallerySpec;
  staging?: StagingSpec;
  policy?: PolicySpec;
  /** Whether `defaults.targetRegions` exists, so an inherited list's problems point at defaults, not at each image. */
  defaultsHaveTargetRegions: boolean;
  images: { index: number; input: ImageInput; resolved?: ImageSpec }[];
}

function checkNames(input: RuleInput): Problem[] {
  const naming = input.policy?.naming;
  const problems: Problem[] = [];
  if (input.gallery) {
    for (const v of checkName('gallery', input.gallery.name, naming?.gallery)) problems.push({ path: 'gallery.name', message: `${v.message} (${v.rule})`, rule: v.rule });
  }
  for (const { index, input: image } of input.images) {
    for (const v of checkName('imageDefinition', image.name, naming?.imageDefinition)) {
      problems.push({ path: `images[${index}].name`, message: `${v.message} (${v.rule})`, rule: v.rule });
    }
  }
  return problems;
}

/** Names and publisher/offer/SKU are unique per gallery in Azure, which compares them case-insensitively. */
function checkUniqueness(input: RuleInput): Problem[] {
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  const identities = new Map<string, number>();
  for (const { index, input: image } of input.images) {
    const name = image.name.toLowerCase();
    const first = names.get(name);
    if (first === undefined) names.set(name, index);
    else problems.push({ path: `images[${index}].name`, message: `duplicate image name "${image.name}" (also images[${first}]; names are unique, case-insensitive)` });
    const { publisher, offer, sku } = image.definition;
    const identity = `${publisher}/${offer}/${sku}`.toLowerCase();
    const firstIdentity = identities.get(identity);
    if (firstIdentity === undefined) identities.set(identity, index);
    else {
      problems.push({
        path: `images[${index}].definition`,
        message: `duplicate publisher/offer/sku "${publisher}/${offer}/${sku}" (also images[${firstIdentity}]; unique per gallery)`,
      });
    }
  }
  return problems;
}

function checkRegions(input: RuleInput): Problem[] {
  const problems: Problem[] = [];
  for (const { index, input: image, resolved } of input.images) {
    if (!resolved) continue;
    const base = image.targetRegions !== undefined || !input.defaultsHaveTargetRegions ? `images[${index}].targetRegions` : 'defaults.targetRegions';
    const seen = new Map<string, number>();
    resolved.targetRegions.forEach((region, i) => {
      const first = seen.get(region.name);
      if (first === undefined) seen.set(region.name, i);
      else problems.push({ path: `${base}[${i}].name`, message: `duplicate region "${region.name}" (also ${base}[${first}])` });
    });
    if (input.gallery && !seen.has(input.gallery.location)) {
      problems.push({
        path: base,
        message: `must include the gallery region "${input.gallery.location}" (Azure requires the source region), got ${[...seen.keys()].join(', ')}`,
      });
    }
  }
  return problems;
}

function checkSteps(input: RuleInput): Problem[] {
  return input.images.flatMap(({ index, resolved }) =>
    resolved ? stepListProblems(resolved.customization, resolved.definition.osType, `images[${index}].customization`) : [],
  );
}

/** Azure treats tag names case-insensitively, so `Owner` next to an inherited `owner` would fail at build time. */
function checkTags(input: RuleInput): Problem[] {
  const problems: Problem[] = [];
  for (const { index, resolved } of input.images) {
    if (!resolved) continue;
    const seen = new Map<string, string>();
    for (const name of Object.keys(resolved.tags)) {
      const first = seen.get(name.toLowerCase());
      if (first === undefined) seen.set(name.toLowerCase(), name);
      else problems.push({ path: `images[${index}].tags.${name}`, message: `duplicates tag "${first}" (tag names are case-insensitive; defaults.tags included)` });
    }
  }
  return problems;
}

/** An image built from its own definition would follow its own latest version: each build feeds the next. */
function checkBaseImages(input: RuleInput): Problem[] {
  const { gallery } = input;
  if (!gallery) return [];
  const problems: Problem[] = [];
  for (const { index, input: image } of input.images) {
    if (image.baseImage.type !== 'gallery') continue;
    const [, subscription, resourceGroup, galleryName, imageName] = GALLERY_IMAGE_ID_RE.exec(image.baseImage.imageId) ?? [];
    const same = (a: string | undefined, b: string) => a?.toLowerCase() === b.toLowerCase();
    if (same(subscription, gallery.subscriptionId) && same(resourceGroup, gallery.resourceGroup) && same(galleryName, gallery.name) && same(imageName, image.name)) {
      problems.push({ path: `images[${index}].baseImage.imageId`, message: `must not be the image's own definition "${image.name}" (every build would build on the last one)` });
    }
  }
  return problems;
}

function checkRetention(input: RuleInput): Problem[] {
  const problems: Problem[] = [];
  for (const { index, resolved } of input.images) {
    const r = resolved?.retention;
    if (r?.maxAgeDays != null && r.maxAgeDays < r.minAgeDays) {
      problems.push({
        path: `images[${index}].retention.maxAgeDays`,
        message: `must be >= minAgeDays (${r.minAgeDays}) after defaults are applied, got ${r.maxAgeDays}`,
      });
    }
  }
  return problems;
}

function checkStaging(input: RuleInput): Problem[] {
  const { gallery, staging } = input;
  if (!gallery || !staging) return [];
  const subscription = SUBNET_ID_RE.exec(staging.subnetId)?.[1]?.toLowerCase();
  if (subscription === undefined || subscription === gallery.subscriptionId) return [];
  return [
    {
      path: 'staging.subnetId',
      message: `must be in the gallery's subscription ${gallery.subscriptionId} (build VMs run next to the gallery), got subscription ${subscription}`,
    },
  ];
}

/** A size that cannot host the definition would fail every build at VM creation, an hour of waiting in (vmSizes.ts). */
function checkBuildSizes(input: RuleInput): Problem[] {
  const problems: Problem[] = [];
  for (const { index, input: image, resolved } of input.images) {
    if (!resolved) continue;
    const vmSize = resolved.build?.vmSize ?? input.staging?.vmSize;
    if (vmSize === undefined) continue;
    const own = image.build?.vmSize !== undefined;
    const path = own ? `images[${index}].build.vmSize` : resolved.build?.vmSize !== undefined ? 'defaults.build.vmSize' : 'staging.vmSize';
    for (const reason of sizeProblems(vmSize, resolved.definition)) {
      problems.push({ path, message: own ? reason : `${reason} (image ${resolved.name}; set images[${index}].build.vmSize)` });
    }
  }
  return problems;
}

function checkPolicy(input: RuleInput): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  input.policy?.leastPrivilege.allowedPrincipals.forEach((p, i) => {
    const first = seen.get(p.principalId);
    if (first === undefined) seen.set(p.principalId, i);
    else {
      problems.push({
        path: `policy.leastPrivilege.allowedPrincipals[${i}].principalId`,
        message: `duplicate principal ${p.principalId} (also allowedPrincipals[${first}]; merge their roles)`,
      });
    }
  });
  return problems;
}

/** The rules no single field can check. Each rule only looks at sections that parsed, so one typo never cascades. */
export function checkCatalogRules(input: RuleInput): Problem[] {
  return [
    ...checkNames(input),
    ...checkUniqueness(input),
    ...checkRegions(input),
    ...checkSteps(input),
    ...checkTags(input),
    ...checkBaseImages(input),
    ...checkRetention(input),
    ...checkStaging(input),
    ...checkValidation(input),
    ...checkBuildSizes(input),
    ...checkPolicy(input),
    ...checkSharing(input),
  ];
}
