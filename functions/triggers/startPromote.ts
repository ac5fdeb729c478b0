import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import * as z from 'zod';
import * as contracts from '../contracts';
import { lockKeys } from '../../shared/domain/runs/lockKeys';
import { VALIDATION_TAG, validationRefusal } from '../../shared/domain/tags';
import { parseVersion } from '../../shared/domain/versions';
import { errorCodeOf } from '../../shared/ports/portError';
import type { ImageVersionView } from '../../shared/ports/galleryPort';
import { findImage, MAX_REPLICATION_RETRIES, pollingInput, type PipelineApp } from './buildInputs';
import { apiError, notFound, validationFailed } from './http/errorResponse';
import { invalidImageName } from './http/imageNameProblem';
import { parseJsonBody } from './http/parseJsonBody';
import { startedResponse, type StartClient } from './http/startedResponse';
import { requestedByField, startRun } from './runs/startRun';
import { requestedByOf } from './http/authorize';
import { runLine } from './runs/runLine';

/** No fields yet: `{}` or no body, like every POST route's (an unknown field is a 400, not ignored). */
export const startPromoteBody = z.strictObject({});

async function versionOrNull(app: PipelineApp, ref: contracts.ImageDefinitionRef, version: string): Promise<ImageVersionView | null> {
  try {
    return await app.ports.gallery.getImageVersion(ref, version);
  } catch (error) {
    // A missing definition (the image was never built) is a missing version too.
    if (errorCodeOf(error) === 'NOT_FOUND') return null;
    throw error;
  }
}

/**
 * `POST /api/images/{image}/versions/{version}/promote`: decides everything it can from one ARM read before it starts
 * a promote run — a bad name (400), an unknown image or version (404), a version that is already promoted (409
 * ALREADY_PROMOTED), deprecated (400) or refused by its validation gate (409 VERSION_REJECTED) start nothing. The version is read under the route's image only.
 */
export function createStartPromoteHandler(app: PipelineApp) {
  return async (request: HttpRequest, client: StartClient, context: InvocationContext): Promise<HttpResponse> => {
    const body = await parseJsonBody(request, startPromoteBody);
    if (!body.ok) return validationFailed(body.message, body.details);
    const name = request.params['image'] ?? '';
    const invalid = invalidImageName(name);
    if (invalid) return invalid;
    const version = request.params['version'] ?? '';
    if (parseVersion(version) === null) {
      const message = 'must be Major.Minor.Patch, each an integer 0..2147483647';
      return validationFailed(`version ${JSON.stringify(version.slice(0, 100))} is not a version name`, [{ path: 'version', message }]);
    }
    const image = findImage(app, name);
    if (!image) return notFound(`image ${JSON.stringify(name.slice(0, 100))} is not in the catalog`, 'image');
    const g = app.catalog.gallery;
    const ref = { subscriptionId: g.subscriptionId, resourceGroup: g.resourceGroup, galleryName: g.name, imageName: image.name };

    const view = await versionOrNull(app, ref, version);
    if (view === null) return notFound(`version ${version} of ${image.name} does not exist`, 'version');
    if (!view.excludeFromLatest) {
      const message = `version ${version} of ${image.name} is already promoted (not excluded from latest)`;
      return apiError(409, 'ALREADY_PROMOTED', message, [{ path: 'version', message }]);
    }
    if (view.endOfLifeDate !== null) {
      // Prune retired it (excluded from latest with an end-of-life date): promoting would serve a version due for deletion.
      const message = `version ${version} of ${image.name} is deprecated (end of life ${view.endOfLifeDate}); a deprecated version is not promoted`;
      return validationFailed(message, [{ path: 'version', message }]);
    }
    const refused = validationRefusal(view.tags);
    if (refused !== null) {
      // The gate's verdict stands: promoting would serve what its checks or an approver turned down.
      const message = `version ${version} of ${image.name} was refused by its validation gate (${VALIDATION_TAG}=${refused}); a refused version is not promoted`;
      return apiError(409, 'VERSION_REJECTED', message, [{ path: 'version', message }]);
    }

    const lockKey = lockKeys.promote(image.name);
    const input: contracts.PromoteInput = { ref, version, polling: pollingInput(app), maxReplicationRetries: MAX_REPLICATION_RETRIES, runLock: lockKey };
    const outcome = await startRun(
      { runs: app.ports.runs, client, now: () => new Date() },
      { kind: 'promote', orchestrator: contracts.promoteVersion.name, trigger: 'http', ...requestedByField(requestedByOf(request)), image: image.name, subject: version, lockKey, input: () => input },
    );
    context.log(runLine(outcome.started ? `started ${outcome.instanceId} for ${version}` : `a promote of ${image.name} is already ${outcome.runtimeStatus}: ${outcome.instanceId}`, outcome, { image: image.name, trigger: 'http' }));
    return startedResponse(client, outcome, { code: 'PROMOTE_RUNNING', message: `a promote of a version of ${image.name} is already running` });
  };
}
