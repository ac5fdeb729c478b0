import type { ExistingVersionFacts, PlanBuildVersionInput, PlanBuildVersionOutput } from '../contracts';
import { buildProvenance, provenanceTags, type ProvenanceFacts } from '../../shared/domain/provenance';
import { BASE_IMAGE_TAG } from '../../shared/domain/tags';
import { nextVersion } from '../../shared/domain/versions';

function factsOf(v: ExistingVersionFacts): ProvenanceFacts {
  const legacy: Record<string, string> = v.baseImage === undefined || v.baseImage === null ? {} : { [BASE_IMAGE_TAG]: v.baseImage };
  return {
    name: v.name,
    provisioningState: v.provisioningState ?? 'Succeeded',
    excludeFromLatest: v.excludeFromLatest ?? false,
    tags: provenanceTags(v.tags ?? legacy),
  };
}

/**
 * The next version name, and whether the base image moved since the newest build provenance (buildProvenance: the
 * latest version when a build made it, else the newest build — the same rule the scheduled run's
 * `base-image-changed` follows). A provenance without a base image tag is unknown: counted as moved, as the rebuild
 * planner counts it. A capture (`baseImage` '') compares nothing. Pure; an activity so the decision is recorded in
 * history and replays identically after a redeploy (docs/architecture.md#orchestration-conventions).
 */
export function planBuildVersion(input: PlanBuildVersionInput): PlanBuildVersionOutput {
  const { source } = buildProvenance(input.existing.map(factsOf));
  // Both sides are tag values (a long base version is hashed the same way on each), so they compare as strings.
  const baseImageChanged = input.baseImage !== '' && source !== null && source.tags[BASE_IMAGE_TAG] !== input.baseImage;
  // `taken`: names a conflict just reported, which a list read right after may not show yet.
  const version = nextVersion(
    input.versioning,
    [...input.existing.map((v) => v.name), ...(input.taken ?? [])],
    { now: new Date(input.now), baseImageChanged },
  );
  return { version, baseImageChanged };
}
