import type * as df from 'durable-functions';
import type { NamingRules, VersioningScheme } from '../../shared/domain/catalog';
import { provenanceTags } from '../../shared/domain/provenance';
import * as contracts from '../contracts';
import type { ImageDefinitionRef } from '../contracts';
import { callActivity } from '../durable/callActivity';
import { planRetry } from '../durable/retryOptions';

export interface VersionPlanRequest {
  ref: ImageDefinitionRef;
  versioning: VersioningScheme;
  /** A build's `autopilot-base-image` tag value (semver bumps the minor when it moved since the newest build); null for a capture. */
  baseImageTag: string | null;
  /** ISO time the plan is for (the date scheme's day): the orchestration's own clock, so replay agrees. */
  now: string;
  naming: NamingRules;
  galleryName: string;
  /** Names a version conflict reported as taken: planned above and never again, even if the list lags. */
  taken?: readonly string[];
}

/**
 * The planner of a capture or an import (no base image to follow), for the first plan and for publishVersion's
 * re-plan after a conflict.
 */
export function sourcePlanner(
  ctx: df.OrchestrationContext,
  ref: ImageDefinitionRef,
  input: { image: { versioning: VersioningScheme }; naming: NamingRules; gallery: { name: string } },
): (now: Date, taken?: readonly string[]) => Generator<df.Task, string, unknown> {
  return (now, taken) =>
    planVersion(ctx, {
      ref,
      versioning: input.image.versioning,
      baseImageTag: null,
      now: now.toISOString(),
      naming: input.naming,
      galleryName: input.gallery.name,
      ...(taken === undefined ? {} : { taken }),
    });
}

/**
 * Read → decide: the versions of the image, then the `planBuildVersion` activity, then the naming rules. Used for
 * the first plan of a build or capture and again after a version conflict (publishVersion's re-plan).
 */
export function* planVersion(ctx: df.OrchestrationContext, req: VersionPlanRequest): Generator<df.Task, string, unknown> {
  const existing = yield* callActivity(ctx, contracts.listImageVersions, req.ref);
  const plan = yield* callActivity(
    ctx,
    contracts.planBuildVersion,
    {
      versioning: req.versioning,
      // Only what the newest build provenance needs (shared/domain/provenance.ts), not whole views.
      existing: existing.map((v) => ({ name: v.name, provisioningState: v.provisioningState, excludeFromLatest: v.excludeFromLatest, tags: provenanceTags(v.tags) })),
      baseImage: req.baseImageTag ?? '',
      now: req.now,
      ...(req.taken !== undefined && req.taken.length > 0 ? { taken: [...req.taken] } : {}),
    },
    planRetry(),
  );
  const names = yield* callActivity(
    ctx,
    contracts.checkNames,
    { gallery: req.galleryName, image: req.ref.imageName, version: plan.version, naming: req.naming },
    planRetry(),
  );
  if (names.violations.length > 0) {
    throw new Error(`NAME_VIOLATION: ${names.violations.map((v) => `${v.rule}: ${v.message}`).join('; ')}`);
  }
  return plan.version;
}
