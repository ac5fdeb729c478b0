import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { HttpResponse as Response } from '@azure/functions';
import * as z from 'zod';
import { checkAzureName } from '../../shared/domain/names';
import { isFinishedRunStatus, RUN_KINDS, RUN_STATUSES, type RunStatus } from '../../shared/domain/runs/runRecord';
import { errorCodeOf } from '../../shared/ports/portError';
import type { RunStore } from '../../shared/ports/runStore';
import { validationFailed } from './http/errorResponse';
import { readQueryParams } from './http/queryParams';
import { runJson, settleRun, type RunReadClient } from './runs/runView';

export const DEFAULT_TOP = 50;
export const MAX_TOP = 1000;

const imageName = z.string().superRefine((name, ctx) => {
  for (const v of checkAzureName('imageDefinition', name)) ctx.addIssue({ code: 'custom', message: `${v.message} (${v.rule})` });
});

/** `code` is the function key of `authLevel: function` routes; anything else unknown is refused, not ignored. */
export const listRunsQuery = z.strictObject({
  image: imageName.optional(),
  kind: z.enum(RUN_KINDS).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  top: z
    .string()
    .regex(/^\d+$/, 'must be a whole number 1..1000')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be a whole number 1..1000').max(MAX_TOP, 'must be a whole number 1..1000'))
    .optional(),
  next: z.string().min(1).max(2000).optional(),
  code: z.string().optional(),
});

/**
 * A run is stored `Pending` until it ends (Durable knows when it is `Running`), and one that ended without recording
 * it is settled when read: so a status filter reads the unfinished runs too and keeps those whose settled status matches.
 */
function storedStatusesFor(status: RunStatus): RunStatus[] {
  return isFinishedRunStatus(status) ? [status, 'Pending', 'Running'] : ['Pending', 'Running'];
}

/**
 * `GET /api/runs?image=&kind=&status=&top=&next=` → `{ runs, next? }`, newest first (docs/http-api.md#list-runs).
 * Reads the store only, plus Durable for runs the store still calls running (to settle those that ended).
 */
export function createListRunsHandler(app: { ports: { runs: RunStore } }) {
  return async (request: HttpRequest, client: RunReadClient, _context: InvocationContext): Promise<HttpResponse> => {
    const raw = readQueryParams(request);
    if (!raw.ok) return raw.response;
    const parsed = listRunsQuery.safeParse(raw.params);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(query)', message: issue.message }));
      return validationFailed(`bad query: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
    }
    const q = parsed.data;
    let page;
    try {
      page = await app.ports.runs.list(
        { ...(q.image === undefined ? {} : { image: q.image }), ...(q.kind === undefined ? {} : { kind: q.kind }), ...(q.status === undefined ? {} : { statuses: storedStatusesFor(q.status) }) },
        q.top ?? DEFAULT_TOP,
        q.next,
      );
    } catch (error) {
      if (errorCodeOf(error) === 'BAD_REQUEST') return validationFailed('next is not a continuation this API gave', [{ path: 'next', message: 'must be a `next` from an earlier page' }]);
      throw error;
    }
    const settled = await Promise.all(page.runs.map((run) => settleRun(app.ports.runs, client, run)));
    const runs = q.status === undefined ? settled : settled.filter((run) => run.status === q.status);
    return new Response({ status: 200, jsonBody: { runs: runs.map((run) => runJson(run, client)), ...(page.next === undefined ? {} : { next: page.next }) } });
  };
}
