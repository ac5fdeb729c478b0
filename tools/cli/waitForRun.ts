import type { ApiClient } from './apiClient';
import type { Run } from './apiShapes';
import { isFinalStatus } from './exitCodes';
import type { ProgressView } from './progressView';
import { requests } from './requests';

export interface WaitOptions {
  intervalMs: number;
  sleep: (ms: number) => Promise<void>;
}

/** Follows a run through GET /api/runs/{runId} until its status is final, showing each poll's progress. */
export async function waitForRun(api: ApiClient, runId: string, view: ProgressView, options: WaitOptions): Promise<Run> {
  try {
    for (;;) {
      const run = (await api(requests.run(runId))).body as Run;
      view.update(run.progress);
      if (isFinalStatus(run.status)) return run;
      await options.sleep(options.intervalMs);
    }
  } finally {
    view.stop();
  }
}
