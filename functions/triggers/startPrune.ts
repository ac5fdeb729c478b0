import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import * as z from 'zod';
import * as contracts from '../contracts';
import { lockKeys } from '../../shared/domain/runs/lockKeys';
import type { ImageSpec } from '../../shared/domain/catalog';
import { apiError, validationFailed } from './http/errorResponse';
import { routeImage } from './http/imageNameProblem';
import { parseJsonBody } from './http/parseJsonBody';
import { readQueryParams } from './http/queryParams';
import { startedResponse } from './http/startedResponse';
import { dryRunAnswer, DRY_RUN_WAIT_MS, type DryRunClient } from './http/dryRunAnswer';
import { requestedByField, startRun } from './runs/startRun';
import { requestedByOf, requireRole } from './http/authorize';
import { pruneInputFor, type PruneApp } from './pruneInputs';
import { runLine } from './runs/runLine';

export type PruneClient = DryRunClient;
export { DRY_RUN_WAIT_MS };

export type DryRunParse = { ok: true; dryRun: boolean } | { ok: false; message: string };

/** `dryRun` is optional and defaults to true (the safe answer); only `true` or `false` are accepted (once: readQueryParams). */
export function parseDryRun(value: string | undefined): DryRunParse {
  if (value === undefined) return { ok: true, dryRun: true };
  // Exactly `true` or `false` (docs/http-api.md#prune-an-image): a deletion switch should not guess what `False ` or `TRUE` meant.
  if (value === 'true') return { ok: true, dryRun: true };
  if (value === 'false') return { ok: true, dryRun: false };
  return { ok: false, message: `must be true or false, got ${JSON.stringify(value.slice(0, 50))}` };
}

/** The route takes its parameters from the path and query; a body, if any, is `{}` (checked like every JSON route). */
export const pruneBody = z.strictObject({});

/**
 * `dryRun=false` deprecates and deletes, which the catalog allows per image with `retention.mode: apply` (after
 * defaults; the built-in default is `dryRun`). The scheduled prune obeys that setting; an explicit request must too,
 * or "plan only" would be one query parameter away from deleting. Null when applying is allowed.
 */
export function refuseApplyInDryRunMode(app: Pick<PruneApp, 'catalog'>, image: ImageSpec): HttpResponse | null {
  if (image.retention.mode === 'apply') return null;
  const setting = `images[${app.catalog.images.indexOf(image)}].retention.mode`;
  const message =
    `prunes of image ${image.name} only plan: its catalog retention mode is ${JSON.stringify(image.retention.mode)} (${setting}, ` +
    `which falls back to defaults.retention.mode, then to "dryRun"). POST without dryRun=false for the plan, or set the ` +
    `mode to "apply" to let prunes deprecate and delete`;
  return apiError(409, 'PRUNE_MODE_DRY_RUN', message, [{ path: setting, message: `is ${JSON.stringify(image.retention.mode)}; dryRun=false needs "apply"` }]);
}

/**
 * `POST /api/images/{image}/prune?dryRun=true|false`. Both modes start a prune run of `pruneImage`, so a dry
 * run's plan comes from the very same reads and planner activity as an applied one, and is recorded as that
 * run's output. A dry run waits for it (it has no timers: a few ARM reads) and answers 200 with the plan;
 * `false` answers 202 at once, or 409 PRUNE_MODE_DRY_RUN (nothing started) when the catalog says plan only. Either
 * mode answers 409 PRUNE_RUNNING while a prune of the image holds its prune lock.
 */
export function createStartPruneHandler(app: PruneApp) {
  return async (request: HttpRequest, client: PruneClient, context: InvocationContext): Promise<HttpResponse> => {
    const query = readQueryParams(request);
    if (!query.ok) return query.response;
    const dryRun = parseDryRun(query.params.dryRun);
    if (!dryRun.ok) return validationFailed(`query parameter dryRun ${dryRun.message}`, [{ path: 'dryRun', message: dryRun.message }]);
    if (!dryRun.dryRun) {
      const forbidden = requireRole(request, context, 'Admin', 'a prune with dryRun=false (apply)');
      if (forbidden !== null) return forbidden;
    }
    const body = await parseJsonBody(request, pruneBody);
    if (!body.ok) return validationFailed(body.message, body.details);
    const named = routeImage(app.catalog, request);
    if (!named.ok) return named.response;
    const image = named.image;
    if (!dryRun.dryRun) {
      const refused = refuseApplyInDryRunMode(app, image);
      if (refused !== null) return refused;
    }

    const lockKey = lockKeys.prune(image.name);
    const outcome = await startRun(
      { runs: app.ports.runs, client, now: () => new Date() },
      {
        kind: 'prune',
        orchestrator: contracts.pruneImage.name,
        trigger: 'http',
        ...requestedByField(requestedByOf(request)),
        image: image.name,
        lockKey,
        input: () => ({ ...pruneInputFor(app, image, dryRun.dryRun, 'http'), runLock: lockKey }),
      },
    );
    const instanceId = outcome.instanceId;
    context.log(runLine(outcome.started ? `started ${instanceId} (dryRun=${dryRun.dryRun})` : `a prune of ${image.name} is already ${outcome.runtimeStatus}: ${instanceId}`, outcome, { image: image.name, trigger: 'http' }));
    const conflict = { code: 'PRUNE_RUNNING' as const, message: `a prune of ${image.name} is already running` };
    if (!outcome.started || !dryRun.dryRun) return startedResponse(client, outcome, conflict);

    return dryRunAnswer(client, request, instanceId, `the dry run of ${image.name}`);
  };
}
