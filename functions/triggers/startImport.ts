import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import * as contracts from '../contracts';
import type { ImportInput } from '../contracts';
import type { ImageSpec } from '../../shared/domain/catalog';
import { importEligibility, type ImportSourceFacts } from '../../shared/domain/importEligibility';
import { describeSource, importSourceHash, SOURCE_FIELDS, SOURCE_LABELS, type ImportSource } from '../../shared/domain/importSource';
import { lockKeys } from '../../shared/domain/runs/lockKeys';
import { quoted } from '../../shared/domain/quoted';
import type { ImportSourcePort } from '../../shared/ports/importSourcePort';
import { errorCodeOf } from '../../shared/ports/portError';
import { isRunningStatus } from '../durable/runtimeStatus';
import { findImage, galleryInput, MAX_REPLICATION_RETRIES, pollingInput, type PipelineApp } from './buildInputs';
import { finishedCapture } from './finishedCapture';
import { apiError, notFound, validationFailed } from './http/errorResponse';
import { parseJsonBody } from './http/parseJsonBody';
import { startedResponse, tryGetStatus, type StartClient, type StartOutcome } from './http/startedResponse';
import { importSourceOf, startImportBody } from './importBody';
import { requestedByOf } from './http/authorize';
import { requestedByField, startRun } from './runs/startRun';

export type ImportApp = Omit<PipelineApp, 'ports'> & { ports: Pick<PipelineApp['ports'], 'runs'> & { importSources: ImportSourcePort } };

function importInputFor(app: ImportApp, image: ImageSpec, source: ImportSource, sourceHash: string): ImportInput {
  return {
    source,
    sourceHash,
    image,
    gallery: galleryInput(app),
    captureScopes: [...app.catalog.scopes.capture],
    naming: { ...app.catalog.policy.naming },
    polling: pollingInput(app),
    maxReplicationRetries: MAX_REPLICATION_RETRIES,
  };
}

/**
 * `POST /api/imports`: checks the source against the image's definition before anything is created (a person gets
 * the reason at once: 400 for the request, 422 for a source that cannot become a version of this image), then starts
 * an import run under the source's key, which checks again itself. A source whose import completed with a version is
 * answered from that run (202 with its output) without reading ARM, never imported again.
 */
export function createStartImportHandler(app: ImportApp) {
  return async (request: HttpRequest, client: StartClient, context: InvocationContext): Promise<HttpResponse> => {
    const body = await parseJsonBody(request, startImportBody);
    if (!body.ok) return validationFailed(body.message, body.details);
    const image = findImage(app, body.value.image);
    if (!image) return notFound(`image ${quoted(body.value.image, 100)} is not in the catalog`, 'image');
    const source = importSourceOf(body.value.source);
    const sourceHash = importSourceHash(source);
    const lockKey = lockKeys.import(sourceHash);
    const decide = (facts: ImportSourceFacts | null) =>
      importEligibility({
        source,
        facts,
        definition: image.definition,
        image: image.name,
        captureScopes: app.catalog.scopes.capture,
        galleryLocation: app.catalog.gallery.location,
      });
    /** 202 for a started or completed import (one completed into another image: 400), 409 for a running one. */
    const answer = (outcome: StartOutcome): HttpResponse => {
      const finished = outcome.started ? undefined : finishedCapture(outcome.finished);
      if (finished && finished.image !== '' && finished.image.toLowerCase() !== image.name.toLowerCase()) {
        const reason = `this source was already imported into image ${quoted(finished.image)} as version ${quoted(finished.version)}`;
        return validationFailed(reason, [{ path: 'image', message: reason }]);
      }
      context.log(outcome.started ? `started ${outcome.instanceId}` : `import of ${describeSource(source)}: ${outcome.instanceId} is ${outcome.runtimeStatus}`);
      return startedResponse(client, outcome, { code: 'IMPORT_RUNNING', message: 'an import of this source is already running' });
    };

    // The scope is in the ID itself: a source outside it is refused without reading it from ARM.
    const scoped = decide(null);
    if (!scoped.accept) return validationFailed(scoped.reason, [{ path: scoped.field, message: scoped.reason }]);

    // Running, or imported already (the source may be gone since): that run is the answer, without reading ARM.
    const latest = await app.ports.runs.readLock(lockKey);
    const current = latest === null ? undefined : await tryGetStatus(client, latest);
    if (latest !== null && current !== undefined) {
      const runtimeStatus = String(current.runtimeStatus);
      if (isRunningStatus(current.runtimeStatus)) return answer({ started: false, instanceId: latest, runtimeStatus });
      if (finishedCapture(current) !== undefined) return answer({ started: false, instanceId: latest, runtimeStatus, finished: current });
    }

    let facts: ImportSourceFacts | null = null;
    if (source.kind !== 'vhd') {
      try {
        facts = await app.ports.importSources.getImportSource(source);
      } catch (error) {
        if (errorCodeOf(error) !== 'NOT_FOUND') throw error;
        const reason = `${SOURCE_LABELS[source.kind]} ${quoted(source.id)} does not exist`;
        return validationFailed(reason, [{ path: SOURCE_FIELDS[source.kind], message: `no such ${SOURCE_LABELS[source.kind]}` }]);
      }
    }
    const decision = decide(facts);
    if (!decision.accept) return apiError(422, 'IMPORT_SOURCE_MISMATCH', decision.reason, [{ path: decision.field, message: decision.reason }]);

    const outcome = await startRun(
      { runs: app.ports.runs, client, now: () => new Date() },
      {
        kind: 'import',
        orchestrator: contracts.importImage.name,
        trigger: 'http',
        ...requestedByField(requestedByOf(request)),
        image: image.name,
        subject: sourceHash,
        lockKey,
        keep: (status) => finishedCapture(status) !== undefined,
        input: () => importInputFor(app, image, source, sourceHash),
      },
    );
    return answer(outcome);
  };
}
