import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { HttpResponse as Response } from '@azure/functions';
import { failureCount, lastFailureAt } from '../../shared/domain/tags';
import { routeImage } from './http/imageNameProblem';
import { describeImage, type ImageReadApp, type ImageReadClient } from './listImages';
import { runJson, settleRun } from './runs/runView';

/** The runs GET /api/images/{image} shows. */
export const RECENT_RUNS = 5;

/**
 * `GET /api/images/{image}` → its GET /api/images entry, plus `pause` (whether scheduled builds skip it, since when,
 * the failure count, the last failed build's error and run) and its last five runs (docs/http-api.md#read-an-image).
 */
export function createGetImageHandler(app: ImageReadApp) {
  return async (request: HttpRequest, client: ImageReadClient, _context: InvocationContext): Promise<HttpResponse> => {
    const named = routeImage(app.catalog, request);
    if (!named.ok) return named.response;
    const image = named.image;
    const [entry, recent, failed] = await Promise.all([
      describeImage(app, client, image),
      app.ports.runs.list({ image: image.name }, RECENT_RUNS),
      app.ports.runs.list({ image: image.name, kind: 'build', statuses: ['Failed'] }, 1),
    ]);
    const { definitionTags, ...shown } = entry;
    const lastFailed = failed.runs[0];
    const runs = await Promise.all(recent.runs.map((run) => settleRun(app.ports.runs, client, run)));
    return new Response({
      status: 200,
      jsonBody: {
        ...shown,
        pause: {
          paused: shown.paused,
          since: shown.paused ? lastFailureAt(definitionTags) : null,
          failures: failureCount(definitionTags),
          lastError: lastFailed?.error ?? null,
          lastRunId: lastFailed?.runId ?? null,
        },
        runs: runs.map((run) => runJson(run, client)),
      },
    });
  };
}
