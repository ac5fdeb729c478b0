import type * as df from 'durable-functions';
import { describe, expect, it } from 'vitest';
import { settleRun } from '../../../../../functions/triggers/runs/runView';
import { newRunId } from '../../../../../shared/domain/runs/runIds';
import type { RunRecord } from '../../../../../shared/domain/runs/runRecord';
import { aRunStore } from '../../../../support/runStore';

// A run whose orchestration ended without writing its end record (the store failed then, or the instance was ended
// through the raw Durable API) is settled from Durable by whoever reads it next: with what the record would have held.
let counter = 0;
function aRunningImport(): RunRecord {
  const at = new Date(Date.UTC(2026, 10, 25, 8, 0, counter));
  counter++;
  return { runId: newRunId('import', 'ubuntu', at, counter.toString(16).padStart(6, '0')), kind: 'import', image: 'ubuntu', trigger: 'http', status: 'Running', createdAt: at.toISOString() };
}

function durableSays(runtimeStatus: string, output: unknown): Pick<df.DurableClient, 'getStatus'> {
  return {
    getStatus: async (instanceId: string) =>
      ({ instanceId, name: 'importImage', runtimeStatus, output, lastUpdatedTime: new Date('2026-11-25T08:30:00Z'), createdTime: new Date('2026-11-25T08:00:00Z') }) as unknown as df.DurableOrchestrationStatus,
  };
}

describe('settleRun: a run Durable finished but the store still calls Running', () => {
  it.each<[string, string, unknown, Partial<RunRecord>]>([
    ['completed with a version', 'Completed', { version: '1.3.3', promoted: true }, { status: 'Completed', version: '1.3.3' }],
    ['degraded with a version', 'Completed', { status: 'Degraded', version: '1.2.0' }, { status: 'Degraded', version: '1.2.0' }],
    ['an event capture naming its image', 'Completed', { version: '2.0.0', image: 'win-2022' }, { status: 'Completed', version: '2.0.0', image: 'win-2022' }],
    ['completed without a version (nothing to publish)', 'Completed', { ignored: 'vm-not-found' }, { status: 'Completed' }],
    ['failed: the error, no version', 'Failed', "Orchestrator function 'importImage' failed: BAD_REQUEST: no", { status: 'Failed', error: { code: 'FAILED', message: "Orchestrator function 'importImage' failed: BAD_REQUEST: no" } }],
  ])('%s', async (_name, runtimeStatus, output, expected) => {
    const store = aRunStore();
    const record = aRunningImport();
    await store.create(record);
    const settled = await settleRun(store, durableSays(runtimeStatus, output), record);
    const stored = await store.get(record.runId);
    for (const shown of [settled, stored]) {
      expect(shown).toMatchObject({ ...expected, endedAt: '2026-11-25T08:30:00.000Z' });
      if (expected.version === undefined) expect(shown?.version).toBeUndefined();
      if (expected.image === undefined) expect(shown?.image).toBe('ubuntu');
    }
  });
});
