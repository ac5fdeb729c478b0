/** What the scheduled run reads and decides once, shared by its first plan and every decision taken again later. */
import type * as df from 'durable-functions';
import type { BuildInput, PlanRebuildRunImage, RebuildBaseOutput, RebuildRunItem, ResolveBaseImageInput } from '../contracts';
import * as contracts from '../contracts';
import { callAll } from '../durable/callActivity';

/** What the run read and decided, by catalog index; `follows`: image → the catalog image it is built on. */
export interface RunPlan {
  builds: BuildInput[];
  baseKeys: string[];
  planInput: PlanRebuildRunImage[];
  items: RebuildRunItem[];
  follows: Map<string, string>;
  indexOf: Map<string, number>;
  sourceRegion: string;
  policyBlock: { policyBlock?: string };
}

/** Distinct base images: one platform list per publisher/offer/sku/location, one gallery list per source image. */
export function baseImageKey(location: string, base: BuildInput['image']['baseImage']): string {
  return base.type === 'marketplace'
    ? ['marketplace', location, base.publisher, base.offer, base.sku, base.version].join('|').toLowerCase()
    : ['gallery', base.imageId].join('|').toLowerCase();
}

export function refOf(build: BuildInput) {
  return {
    subscriptionId: build.gallery.subscriptionId,
    resourceGroup: build.gallery.resourceGroup,
    galleryName: build.gallery.name,
    imageName: build.image.name,
  };
}

/** The distinct base images of the given builds: one list each, in first-seen order (replays identically). */
export function* resolveBases(
  ctx: df.OrchestrationContext,
  builds: readonly BuildInput[],
  baseKeys: readonly string[],
  indices: readonly number[],
): Generator<df.Task, Map<string, RebuildBaseOutput>, unknown> {
  const distinct = new Map<string, ResolveBaseImageInput>();
  for (const i of indices) {
    const b = builds[i];
    const key = baseKeys[i];
    if (b !== undefined && key !== undefined && !distinct.has(key)) distinct.set(key, { location: b.gallery.location, baseImage: b.image.baseImage });
  }
  const resolved = yield* callAll(ctx, contracts.resolveRebuildBase, [...distinct.values()]);
  return new Map<string, RebuildBaseOutput>([...distinct.keys()].map((key, i) => [key, resolved[i] ?? { status: 'missing', reason: 'not resolved' }]));
}
