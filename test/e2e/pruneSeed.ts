/** Seed builders shared by the prune e2e tests: versions by age, VMs pinned to a version, scale sets on `latest`. */
import type { Catalog } from '../../shared/domain/catalog';
import type { SeedDocument } from '@image-autopilot/azure-offline';
import { GALLERY, GALLERY_RG, SUBSCRIPTION } from '../support/builders';
import { seedFor } from '../support/stack';

type GallerySeed = NonNullable<SeedDocument['galleries']>[number];
export type VersionSeed = NonNullable<NonNullable<GallerySeed['images']>[number]['versions']>[number];
export type VmSeed = NonNullable<SeedDocument['virtualMachines']>[number];
export type ScaleSetSeed = NonNullable<SeedDocument['scaleSets']>[number];

export const USERS_RG = 'rg-apps';

export function definitionIdOf(image: string): string {
  return `/subscriptions/${SUBSCRIPTION}/resourceGroups/${GALLERY_RG}/providers/Microsoft.Compute/galleries/${GALLERY}/images/${image}`;
}

export function aVersionSeed(name: string, ageDays: number, overrides: Partial<VersionSeed> = {}): VersionSeed {
  return { name, ageDays, ...overrides };
}

/** Deprecated earlier with its end of life already passed: the next applied prune deletes it if unused. */
export function aDeprecatedSeed(name: string, ageDays: number, endOfLifeDate: string): VersionSeed {
  return aVersionSeed(name, ageDays, { excludeFromLatest: true, endOfLifeDate });
}

export function aPinnedVm(name: string, image: string, version: string, location = 'westeurope'): VmSeed {
  return { resourceGroup: USERS_RG, name, location, imageReference: { id: `${definitionIdOf(image)}/versions/${version}` } };
}

export function aScaleSetOnLatest(name: string, image: string, location: string): ScaleSetSeed {
  return { resourceGroup: USERS_RG, name, location, imageReference: { id: definitionIdOf(image) } };
}

export interface PruneSeedOptions {
  /** Versions per image name; images not named get none. */
  versions: Record<string, VersionSeed[]>;
  vms?: VmSeed[];
  scaleSets?: ScaleSetSeed[];
  sharing?: GallerySeed['sharing'];
}

/** The catalog's estate (seedFor) plus versions, users and the gallery's sharing. */
export function pruneSeed(catalog: Catalog, options: PruneSeedOptions): Partial<SeedDocument> {
  const galleries = (seedFor(catalog).galleries ?? []).map((g) => ({
    ...g,
    ...(options.sharing === undefined ? {} : { sharing: options.sharing }),
    images: (g.images ?? []).map((i) => ({ ...i, versions: options.versions[i.name] ?? [] })),
  }));
  return { galleries, resourceGroups: [{ name: USERS_RG }], virtualMachines: options.vms ?? [], scaleSets: options.scaleSets ?? [] };
}
