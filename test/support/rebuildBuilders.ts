/** Builders for the hands-off tests: a plan entry is an image, its Azure state and its base image; override what matters. */
import type { PlanRebuildRunImage, PlanRebuildRunInput, RebuildLatestFacts } from '../../functions/contracts';
import { recipeSha256 } from '../../shared/domain/hashing';
import { anImage, LOCATION } from './builders';

export const NOW = '2026-11-25T03:00:00.000Z';
export const BASE_EXACT = 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:22.4.202611010';

/** The latest version a build of anImage() from BASE_EXACT left: up to date unless a test changes something. */
export function aLatest(overrides: Partial<RebuildLatestFacts> = {}): RebuildLatestFacts {
  const image = anImage();
  return {
    name: '1.0.0',
    publishedDate: '2026-11-20T03:00:00.000Z',
    tags: { 'autopilot-base-image': BASE_EXACT, 'autopilot-recipe-sha256': recipeSha256(image.customization) },
    targetRegions: image.targetRegions.map((r) => ({ name: r.name, replicas: r.replicas, storageAccountType: r.storageAccountType })),
    ...overrides,
  };
}

export function anEntry(overrides: Partial<PlanRebuildRunImage> = {}): PlanRebuildRunImage {
  const image = anImage();
  return {
    image: image.name,
    rebuild: image.rebuild,
    recipeSha256: recipeSha256(image.customization),
    targetRegions: image.targetRegions,
    state: { latest: aLatest(), consecutiveFailures: 0, lastFailureAt: null },
    base: { status: 'resolved', exact: BASE_EXACT, tag: BASE_EXACT },
    running: false,
    ...overrides,
  };
}

export function aPlanInput(images: PlanRebuildRunImage[]): PlanRebuildRunInput {
  return { now: NOW, sourceRegion: LOCATION, images };
}
