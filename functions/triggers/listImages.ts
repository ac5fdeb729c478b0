import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { HttpResponse as Response } from '@azure/functions';
import type * as df from 'durable-functions';
import { errorCode, errorText } from '../../shared/domain/errorSummary';
import type { ImageSpec } from '../../shared/domain/catalog';
import { statusFromDurable } from '../../shared/domain/runs/runOutcome';
import type { RunRecord } from '../../shared/domain/runs/runRecord';
import { isProgress, type RunFailure } from '../durable/progress';
import { toGalleryVersionView } from '../../shared/ports/galleryVersionView';
import { latestVersion } from '../../shared/domain/latest';
import { compareVersions } from '../../shared/domain/versions';
import type { ImageVersionView } from '../../shared/ports/galleryPort';
import { errorCodeOf } from '../../shared/ports/portError';
import { failureCount } from '../../shared/domain/tags';
import { isPaused } from '../../shared/domain/pause';
import type { PipelineApp } from './buildInputs';
import { tryGetStatus } from './http/startedResponse';

/**
 * Where a version stands in its life: `deprecated` once prune excluded it from latest with an end-of-life
 * date (deleted after that date if still unused), `unpromoted` while a build has not promoted it (or replication
 * failed), `active` otherwise.
 */
export type VersionLifecycle = 'active' | 'unpromoted' | 'deprecated';

export function versionLifecycle(v: Pick<ImageVersionView, 'excludeFromLatest' | 'endOfLifeDate'>): VersionLifecycle {
  if (!v.excludeFromLatest) return 'active';
  return v.endOfLifeDate === null ? 'unpromoted' : 'deprecated';
}

function versionEntry(v: ImageVersionView) {
  return {
    name: v.name,
    publishedDate: v.publishedDate,
    excludeFromLatest: v.excludeFromLatest,
    endOfLifeDate: v.endOfLifeDate,
    lifecycle: versionLifecycle(v),
    replication: { state: v.replication.state, regions: v.replication.regions.map((r) => ({ region: r.region, state: r.state })) },
  };
}

function outputVersion(output: unknown): string | null {
  if (typeof output === 'object' && output !== null && 'version' in output && typeof output.version === 'string') {
    return output.version;
  }
  return null;
}

/**
 * What a failed build reports: the failed step, code and message it left in customStatus (withFailedProgress); for a
 * run from before that, the code and message read from the failure output (the host prefixes its own words).
 */
export function lastBuildError(status: Pick<df.DurableOrchestrationStatus, 'runtimeStatus' | 'output' | 'customStatus'>): RunFailure | null {
  if (String(status.runtimeStatus) !== 'Failed') return null;
  const custom: unknown = status.customStatus;
  if (isProgress(custom) && custom.failure !== undefined) return custom.failure;
  const text = typeof status.output === 'string' ? status.output : JSON.stringify(status.output ?? null);
  const fromCode = /\b[A-Z][A-Z_]+:/.exec(text);
  const message = errorText(fromCode === null ? text : text.slice(fromCode.index));
  return { step: isProgress(custom) ? custom.step : 'unknown', code: errorCode(message), message };
}

async function orNullWhenMissing<T>(read: Promise<T>): Promise<T | null> {
  try {
    return await read;
  } catch (error) {
    if (errorCodeOf(error) === 'NOT_FOUND') return null;
    throw error;
  }
}

export type ImageReadApp = Pick<PipelineApp, 'catalog' | 'ports'>;
export type ImageReadClient = Pick<df.DurableClient, 'getStatus' | 'createHttpManagementPayload'>;

/** The image's newest build run: its record, and its Durable status when Durable has it. */
async function lastBuildRun(app: ImageReadApp, client: ImageReadClient, image: string): Promise<{ record: RunRecord; status: df.DurableOrchestrationStatus | undefined } | undefined> {
  const record = (await app.ports.runs.list({ image, kind: 'build' }, 1)).runs[0];
  return record === undefined ? undefined : { record, status: await tryGetStatus(client, record.runId) };
}

/** `lastBuild` of an image: from Durable while it has the instance, else (a start that never reached it) from the record. */
function lastBuildEntry(run: { record: RunRecord; status: df.DurableOrchestrationStatus | undefined }, client: ImageReadClient) {
  const { record, status } = run;
  const statusUrl = client.createHttpManagementPayload(record.runId).statusQueryGetUri;
  if (status === undefined) {
    const error = record.error === undefined ? null : { step: record.error.step ?? 'start', code: record.error.code, message: record.error.message };
    return { instanceId: record.runId, runId: record.runId, status: record.status, version: record.version ?? null, statusUrl, error };
  }
  return {
    instanceId: status.instanceId,
    runId: status.instanceId,
    // The run's status (docs/http-api.md#list-runs): Degraded and Cancelled where Durable says Completed or Failed.
    status: statusFromDurable(String(status.runtimeStatus), status.output) ?? String(status.runtimeStatus),
    version: outputVersion(status.output),
    statusUrl,
    error: lastBuildError(status),
  };
}

/** One image's entry of GET /api/images (also the base of GET /api/images/{image}). */
export async function describeImage(app: ImageReadApp, client: ImageReadClient, image: ImageSpec) {
  const g = app.catalog.gallery;
  const ref = { subscriptionId: g.subscriptionId, resourceGroup: g.resourceGroup, galleryName: g.name, imageName: image.name };
  const [definition, build] = await Promise.all([orNullWhenMissing(app.ports.gallery.getImageDefinition(ref)), lastBuildRun(app, client, image.name)]);
  // An image new to the catalog has no definition until its first build or capture creates it.
  const versions = definition === null ? [] : await app.ports.gallery.listImageVersions(ref);
  const sorted = [...versions].sort((a, b) => compareVersions(b.name, a.name));
  const failures = definition === null ? 0 : failureCount(definition.tags);
  const pauseAfter = image.rebuild.pauseAfterFailures;
  return {
    name: image.name,
    gallery: g.name,
    latestVersion: latestVersion(versions.map(toGalleryVersionView)),
    versions: sorted.map(versionEntry),
    lastBuild: build === undefined ? null : lastBuildEntry(build, client),
    paused: isPaused(failures, pauseAfter),
    /** Internal to GET /api/images/{image}: the definition's tags hold the pause's facts. */
    definitionTags: definition?.tags ?? {},
  };
}

/**
 * `GET /api/images`: one version list and one definition read per catalog image, plus its last build run (docs/http-api.md#list-images):
 * `instanceId` and `runId` (the same), `status` (`Degraded` beside the runtime statuses), `version`, and `statusUrl` (the Durable status
 * URL) and `error` (`{ step, code, message }` when it failed, else null).
 */
export function createListImagesHandler(app: ImageReadApp) {
  return async (_request: HttpRequest, client: ImageReadClient, _context: InvocationContext): Promise<HttpResponse> => {
    const images = await Promise.all(
      app.catalog.images.map(async (image) => {
        const { definitionTags: _tags, ...entry } = await describeImage(app, client, image);
        return entry;
      }),
    );
    return new Response({ status: 200, jsonBody: { images } });
  };
}
