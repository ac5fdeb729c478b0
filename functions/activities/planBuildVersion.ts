import type { PlanBuildVersionInput, PlanBuildVersionOutput } from '../contracts';
import { compareVersions, nextVersion } from '../../shared/domain/versions';

/**
 * The next version name and whether the base image moved since the highest existing version. Pure; an activity
 * so the decision is recorded in history and replays identically after a redeploy (DESIGN.md §3).
 */
export function planBuildVersion(input: PlanBuildVersionInput): PlanBuildVersionOutput {
  const highest = [...input.existing].sort((a, b) => compareVersions(b.name, a.name))[0];
  const baseImageChanged = highest !== undefined && highest.baseImage !== null && highest.baseImage !== input.baseImage;
  // `taken`: names a conflict just reported, which a list read right after may not show yet.
  const version = nextVersion(
    input.versioning,
    [...input.existing.map((v) => v.name), ...(input.taken ?? [])],
    { now: new Date(input.now), baseImageChanged },
  );
  return { version, baseImageChanged };
}
