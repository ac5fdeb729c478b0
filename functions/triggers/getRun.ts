import type { HttpRequest, HttpResponse, InvocationContext } from '@azure/functions';
import { HttpResponse as Response } from '@azure/functions';
import type { RunStore } from '../../shared/ports/runStore';
import { isProgress } from '../durable/progress';
import { notFound } from './http/errorResponse';
import { tryGetStatus } from './http/startedResponse';
import { runJson, settleRun, type RunReadClient } from './runs/runView';

/** The customization log a build's output carries (the last 4 KiB of each step), when it has one. */
function customizationOf(output: unknown): unknown[] | undefined {
  return typeof output === 'object' && output !== null && 'customization' in output && Array.isArray(output.customization) ? output.customization : undefined;
}

/**
 * `GET /api/runs/{runId}` → the run, its progress timeline (`steps`), where it is now (`progress`), its `output`, and
 * for builds the tail of each customization step's output (docs/http-api.md#read-a-run). 404 for an unknown ID.
 */
export function createGetRunHandler(app: { ports: { runs: RunStore } }) {
  return async (request: HttpRequest, client: RunReadClient, _context: InvocationContext): Promise<HttpResponse> => {
    const runId = request.params['runId'] ?? '';
    const record = await app.ports.runs.get(runId);
    if (record === null) return notFound(`no run ${JSON.stringify(runId.slice(0, 120))}`, 'runId');
    const status = await tryGetStatus(client, runId);
    const run = await settleRun(app.ports.runs, client, record, status);
    const custom: unknown = status?.customStatus;
    const progress = isProgress(custom) ? { step: custom.step, detail: custom.detail, percent: custom.percent } : null;
    const output: unknown = status !== undefined && String(status.runtimeStatus) === 'Completed' ? status.output : null;
    // A failed build has no output: its tails were saved beside its record when it ended.
    const customization = customizationOf(output) ?? (run.kind === 'build' ? ((await app.ports.runs.readLog(runId)) ?? customizationOf(custom)) : undefined);
    return new Response({
      status: 200,
      jsonBody: {
        ...runJson(run, client),
        progress,
        steps: isProgress(custom) && Array.isArray(custom.steps) ? custom.steps : [],
        output,
        ...(customization === undefined ? {} : { customization }),
      },
    });
  };
}
