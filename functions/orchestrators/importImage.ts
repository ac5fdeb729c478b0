import type * as df from 'durable-functions';
import type { ImageVersionView, ImportInput, ImportOutput } from '../contracts';
import * as contracts from '../contracts';
import { callActivity } from '../durable/callActivity';
import { buildIdFromGuid } from '../durable/instanceIds';
import { setProgress } from '../durable/progress';
import { replaySafeLogger } from '../durable/replaySafeLogger';
import { planRetry } from '../durable/retryOptions';
import { describeSource } from '../../shared/domain/importSource';
import { publishOutcome } from '../../shared/domain/publishOutcome';
import type { CapturedVersionDisposition } from '../../shared/domain/versionRecovery';
import { BUILD_TAG, IMPORT_TRIGGER, SOURCE_TAG, TRIGGER_TAG } from '../../shared/domain/tags';
import { ensureDefinition } from './ensureDefinition';
import { sourcePlanner } from './planVersion';
import { followVersion, publishVersion } from './publishVersion';

interface ImportRun {
  ctx: df.OrchestrationContext;
  input: ImportInput;
  buildId: string;
  started: Date;
  ref: contracts.ImageDefinitionRef;
  progress: (step: string, detail: string, percent: number) => void;
  elapsed: () => number;
}

/** Called first, before any yield: the build ID comes from a replay-safe GUID of this point in the history. */
function startImport(ctx: df.OrchestrationContext, input: ImportInput): ImportRun {
  const started = ctx.df.currentUtcDateTime;
  const buildId = buildIdFromGuid(ctx.df.newGuid(`${ctx.df.instanceId}/import`));
  return {
    ctx,
    input,
    buildId,
    started,
    ref: { subscriptionId: input.gallery.subscriptionId, resourceGroup: input.gallery.resourceGroup, galleryName: input.gallery.name, imageName: input.image.name },
    progress: (step, detail, percent) => setProgress(ctx, { step, detail, percent, buildId }),
    elapsed: () => Math.round((ctx.df.currentUtcDateTime.getTime() - started.getTime()) / 1000),
  };
}

/** A source imported before: its version is the answer, promoted first when an interrupted run left it unpromoted. */
function* answerImportedBefore(run: ImportRun, existing: ImageVersionView, disposition: CapturedVersionDisposition): Generator<df.Task, ImportOutput, unknown> {
  const { ctx, input, progress } = run;
  const already = { image: input.image.name, version: existing.name, trigger: 'http' as const, buildId: existing.tags[BUILD_TAG] ?? run.buildId, alreadyImported: true };
  if (disposition !== 'resume') {
    progress('done', `already imported as ${existing.name}`, 100);
    const promoted = disposition === 'complete' && !existing.excludeFromLatest;
    const base = { ...already, regions: existing.targetRegions.map((r) => r.name), promoted, durationSeconds: run.elapsed(), failedRegions: [], status: 'Succeeded' as const };
    return disposition === 'deprecated' ? { ...base, deprecated: true } : base;
  }
  progress('resume', `resuming ${existing.name}, imported earlier but never promoted`, 60);
  const result = yield* followVersion(ctx, {
    ref: run.ref,
    version: existing.name,
    targetRegions: existing.targetRegions,
    polling: input.polling,
    maxReplicationRetries: input.maxReplicationRetries,
    progress,
    justWritten: false,
  });
  progress('done', result.promoted ? `resumed and promoted ${existing.name}` : `resumed ${existing.name}, unpromoted`, 100);
  return { ...already, regions: result.regions, promoted: result.promoted, durationSeconds: run.elapsed(), failedRegions: result.failedRegions, status: publishOutcome(result), resumed: true };
}

/** Re-reads the source (the route's reading is not trusted), makes sure the definition exists and checks the source against it. */
function* inspect(run: ImportRun): Generator<df.Task, void, unknown> {
  const { ctx, input } = run;
  run.progress('inspect', `checking ${describeSource(input.source)} against the catalog`, 5);
  const read = yield* callActivity(ctx, contracts.readImportSource, { source: input.source });
  if (!read.exists) throw new Error(`IMPORT_REJECTED: ${describeSource(input.source)} does not exist`);
  const definition = yield* ensureDefinition(ctx, run.ref, input.gallery.location, input.image, input.polling);
  const decision = yield* callActivity(
    ctx,
    contracts.planImport,
    {
      source: input.source,
      facts: read.facts,
      // The gallery's OS facts win; generation and architecture are immutable on a definition made from the catalog.
      definition: { osType: definition.osType, osState: definition.osState, hyperVGeneration: input.image.definition.hyperVGeneration, architecture: input.image.definition.architecture },
      image: input.image.name,
      captureScopes: input.captureScopes,
      galleryLocation: input.gallery.location,
    },
    planRetry(),
  );
  if (!decision.accept) throw new Error(`IMPORT_REJECTED: ${decision.reason}`);
}

/**
 * An import run: a version of a catalog image from a managed image, snapshot, disk or VHD, through the publish path
 * builds and captures use (version plan, excluded from latest until every region replicated, then promoted; a
 * failed run deletes the version it created). A source imported before is answered with its version.
 */
export function* importImageOrchestrator(ctx: df.OrchestrationContext, input: ImportInput): Generator<df.Task, ImportOutput, unknown> {
  const run = startImport(ctx, input);
  const log = replaySafeLogger(ctx);
  run.progress('dedup', 'looking for a version imported from this source', 2);
  const found = yield* callActivity(ctx, contracts.findImportedVersion, { ref: run.ref, sourceHash: input.sourceHash });
  if (found.version !== null) return yield* answerImportedBefore(run, found.version, found.disposition ?? 'complete');

  yield* inspect(run);
  const planFor = sourcePlanner(ctx, run.ref, input);
  const planned = yield* planFor(run.started);
  const result = yield* publishVersion(ctx, {
    ref: run.ref,
    version: planned,
    spec: {
      location: input.gallery.location,
      importSource: input.source,
      targetRegions: input.image.targetRegions.map((r) => ({ name: r.name, replicas: r.replicas, storageAccountType: r.storageAccountType })),
      excludeFromLatest: true,
      tags: { ...input.image.tags, [BUILD_TAG]: run.buildId, [TRIGGER_TAG]: IMPORT_TRIGGER, [SOURCE_TAG]: input.sourceHash },
    },
    polling: input.polling,
    maxReplicationRetries: input.maxReplicationRetries,
    progress: run.progress,
    replan: (taken) => planFor(ctx.df.currentUtcDateTime, taken),
  });
  log.info(`import ${run.buildId} of ${describeSource(input.source)} published ${result.version} (promoted: ${result.promoted})`);
  run.progress('done', `published ${result.version}`, 100);
  return {
    image: input.image.name,
    version: result.version,
    regions: result.regions,
    promoted: result.promoted,
    trigger: 'http',
    buildId: run.buildId,
    durationSeconds: run.elapsed(),
    failedRegions: result.failedRegions,
    status: publishOutcome(result),
    ...(result.replanned.length > 0 ? { replanned: result.replanned } : {}),
  };
}
