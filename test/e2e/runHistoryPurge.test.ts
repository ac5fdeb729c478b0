import { TableClient } from '@azure/data-tables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTableRunStore } from '../../shared/adapters/azure/tableRunStore';
import { newRunId } from '../../shared/domain/runs/runIds';
import type { RunRecord, RunStatus } from '../../shared/domain/runs/runRecord';
import { aCatalog, anImageNamed } from '../support/builders';
import { listRuns, postJson } from '../support/durableApi';
import { startStack, type Stack } from '../support/stack';
import { testRunStoreSettings } from '../support/tableService';

// The purge timer through the host's admin endpoint: finished runs older than RUN_HISTORY_DAYS go, everything else stays.
const image = anImageNamed('img-purge');
const store = testRunStoreSettings();
const DAY_MS = 86_400_000;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ catalog: aCatalog({ images: [image] }), settings: { ...store, RUN_HISTORY_DAYS: '30' } });
});
afterAll(async () => {
  await stack?.stop();
});

function aRun(daysAgo: number, status: RunStatus, tail: string): RunRecord {
  const at = new Date(Date.now() - daysAgo * DAY_MS);
  return { runId: newRunId('prune', image.name, at, tail), kind: 'prune', image: image.name, trigger: 'schedule', status, createdAt: at.toISOString() };
}

async function runPurge(): Promise<void> {
  const before = stack.host.invocations('purgeRunHistory').length;
  expect((await postJson(`${stack.url}/admin/functions/purgeRunHistory`, { input: null })).status).toBe(202);
  for (let i = 0; i < 500; i++) {
    const done = stack.host.invocations('purgeRunHistory').slice(before).find((r) => r.status !== 'running');
    if (done !== undefined) {
      expect(done.status, done.error).toBe('succeeded');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('purgeRunHistory did not finish');
}

describe('purgeRunHistory', () => {
  it('deletes finished runs created before RUN_HISTORY_DAYS ago; keeps newer ones and any run still running', async () => {
    const client = TableClient.fromConnectionString(store.AzureWebJobsStorage, store.RUN_HISTORY_TABLE, { allowInsecureConnection: true });
    const runs = createTableRunStore(() => client);
    const old = [aRun(40, 'Completed', 'a00001'), aRun(31, 'Failed', 'a00002'), aRun(35, 'Cancelled', 'a00003')];
    const oldButRunning = aRun(45, 'Running', 'a00004');
    const recent = aRun(29, 'Completed', 'a00005');
    for (const run of [...old, oldButRunning, recent]) await runs.create(run);
    await runs.saveLog(old[0]?.runId ?? '', [{ step: 's', exitCode: 0, outputTail: 'x', errorTail: '' }]);

    await runPurge();
    const left = await listRuns(stack.url, { image: image.name });
    expect(left.map((r) => r.runId).sort()).toEqual([oldButRunning.runId, recent.runId].sort());
    expect(await runs.readLog(old[0]?.runId ?? '')).toBeNull();
    const log = stack.host.invocations('purgeRunHistory').flatMap((r) => r.logs).join('\n');
    expect(log).toMatch(/purgeRunHistory: 3 runs before \S+ purged/);
  });
});
