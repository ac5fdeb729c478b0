import type { Problem } from './Problem';
import type { GallerySpec, ImageSpec } from '../domain/catalog';
import { stepListProblems } from './stepRules';
import { SUBNET_ID_RE } from './schemaFields';
import { sizeProblems } from '../domain/vmSizes';

/**
 * `validation:` of each image. Test VMs boot from the new version, which exists only where it replicated, so each
 * validation region must be a target region; Azure joins a VM only to a subnet in its own region, so a region other
 * than the gallery's (where staging.subnetId is) needs its subnet in `subnets`.
 */
export function checkValidation(input: { gallery?: GallerySpec; images: readonly { index: number; resolved?: ImageSpec }[] }): Problem[] {
  const problems: Problem[] = [];
  for (const { index, resolved } of input.images) {
    const validation = resolved?.validation;
    if (!resolved || !validation) continue;
    const path = `images[${index}].validation`;
    if (resolved.definition.osState === 'Specialized') {
      // A VM from a specialized version must be created without an OS profile, which test VMs (like build VMs) have.
      problems.push({ path, message: 'needs a Generalized image (definition.osState): test VMs from specialized versions are not supported yet' });
    }
    const targets = resolved.targetRegions.map((r) => r.name);
    const galleryRegion = input.gallery?.location;
    const regions = validation.regions ?? (galleryRegion === undefined ? [] : [galleryRegion]);
    const seen = new Set<string>();
    regions.forEach((region, i) => {
      if (seen.has(region)) problems.push({ path: `${path}.regions[${i}]`, message: `duplicate region "${region}"` });
      seen.add(region);
      if (!targets.includes(region)) {
        problems.push({
          path: `${path}.regions[${i}]`,
          message: `"${region}" is not one of the image's target regions (${targets.join(', ')}): a version exists only where it replicates`,
        });
      } else if (region !== galleryRegion && galleryRegion !== undefined && validation.subnets[region] === undefined) {
        problems.push({
          path: `${path}.subnets`,
          message: `must name a subnet in "${region}" (test VMs join a subnet in their own region; staging.subnetId serves only ${galleryRegion})`,
        });
      }
    });
    for (const [region, subnetId] of Object.entries(validation.subnets)) {
      if (!seen.has(region)) problems.push({ path: `${path}.subnets.${region}`, message: `"${region}" is not a validation region (${[...seen].join(', ')})` });
      const subscription = SUBNET_ID_RE.exec(subnetId)?.[1]?.toLowerCase();
      if (input.gallery && subscription !== undefined && subscription !== input.gallery.subscriptionId) {
        problems.push({ path: `${path}.subnets.${region}`, message: `must be in the gallery's subscription ${input.gallery.subscriptionId}, got subscription ${subscription}` });
      }
    }
    for (const problem of stepListProblems(validation.steps, resolved.definition.osType, `${path}.steps`)) problems.push(problem);
    // Without its own size a test VM gets the build VM's, which the build size check covers already.
    if (validation.vmSize !== undefined) {
      for (const reason of sizeProblems(validation.vmSize, resolved.definition)) problems.push({ path: `${path}.vmSize`, message: reason });
    }
  }
  return problems;
}
