import { describe, expect, it } from 'vitest';
import { newRunId } from '../../../../../shared/domain/runs/runIds';
import type { RunRecord } from '../../../../../shared/domain/runs/runRecord';
import { aRunStore } from '../../../../support/runStore';

/** The real Table adapter against Azurite (started for the test run): no stand-in. */
const aStore = aRunStore;

let counter = 0;
function aRun(overrides: Partial<RunRecord> & { at?: Date } = {}): RunRecord {
  const { at = new Date(Date.UTC(2026, 10, 25, 8, 0, counter)), ...rest } = overrides;
  counter++;
  const kind = rest.kind ?? 'build';
  const image = rest.image ?? 'ubuntu';
  return {
    runId: newRunId(kind, image, at, counter.toString(16).padStart(6, '0')),
    kind,
    image,
    trigger: 'http',
    status: 'Pending',
    createdAt: at.toISOString(),
    ...rest,
  };
}

describe('the Table run store', () => {
  it('keeps each run under its own ID: create is idempotent, update merges, get reads it back whole', async () => {
    const store = aStore();
    const run = aRun({ reason: 'patch Tuesday', requestedBy: { name: 'ops@contoso.com', objectId: 'o-1' }, subject: '/subscriptions/x/vm' });
    await store.create(run);
    await store.create({ ...run, reason: 'a retried create changes nothing' });
    await store.update(run.runId, { status: 'Failed', endedAt: '2026-11-25T09:00:00.000Z', error: { code: 'STEP_FAILED', message: 'exit 1', step: 'customize' } });
    expect(await store.get(run.runId)).toEqual({
      ...run,
      status: 'Failed',
      endedAt: '2026-11-25T09:00:00.000Z',
      error: { code: 'STEP_FAILED', message: 'exit 1', step: 'customize' },
    });
    expect(await store.get(newRunId('build', 'ubuntu', new Date(), 'ffffff'))).toBeNull();
    expect(await store.get('not a run id')).toBeNull();
    await expect(store.update(newRunId('build', 'ubuntu', new Date(), 'eeeeee'), { status: 'Completed' })).rejects.toThrow(/^NOT_FOUND:/);
  });

  it('lists newest first, filters by image (any case), kind and status, and pages with a continuation that stays stable', async () => {
    const store = aStore();
    const runs = Array.from({ length: 7 }, (_, i) =>
      aRun({ at: new Date(Date.UTC(2026, 10, 25, 8, i)), image: i % 2 === 0 ? 'Ubuntu' : 'windows', kind: i === 3 ? 'prune' : 'build', status: i === 5 ? 'Completed' : 'Running' }),
    );
    for (const run of runs) await store.create(run);
    const all = await store.list({}, 100);
    expect(all.runs.map((r) => r.runId)).toEqual([...runs].reverse().map((r) => r.runId));
    expect(all.next).toBeUndefined();

    const ubuntu = await store.list({ image: 'UBUNTU' }, 100);
    expect(ubuntu.runs.map((r) => r.image)).toEqual(['Ubuntu', 'Ubuntu', 'Ubuntu', 'Ubuntu']);
    expect((await store.list({ kind: 'prune' }, 100)).runs.map((r) => r.runId)).toEqual([runs[3]?.runId]);
    expect((await store.list({ statuses: ['Completed'] }, 100)).runs.map((r) => r.runId)).toEqual([runs[5]?.runId]);

    const first = await store.list({}, 3);
    expect(first.runs).toHaveLength(3);
    expect(first.next).toBeDefined();
    // A run added in front after the first page does not shift the pages that follow.
    await store.create(aRun({ at: new Date(Date.UTC(2026, 10, 26)) }));
    const second = await store.list({}, 3, first.next);
    const third = await store.list({}, 3, second.next);
    expect([...first.runs, ...second.runs, ...third.runs].map((r) => r.runId)).toEqual([...runs].reverse().map((r) => r.runId));
    expect(third.next).toBeUndefined();
    await expect(store.list({}, 3, 'bm90IG91cnM')).rejects.toThrow(/^BAD_REQUEST:/);
  });

  it('gives a lock to one of many concurrent claimants, keeps it from a live holder and hands it over from a gone one', async () => {
    const store = aStore();
    const claimants = Array.from({ length: 20 }, () => aRun());
    const outcomes = await Promise.all(claimants.map((run) => store.acquireLock('build-ubuntu', run.runId, async () => false)));
    const winners = outcomes.filter((o) => o.acquired);
    expect(winners).toHaveLength(1);
    const holder = await store.readLock('build-ubuntu');
    expect(outcomes.filter((o) => !o.acquired)).toEqual(Array.from({ length: 19 }, () => ({ acquired: false, holder })));
    // The holder asking again (a retried activity) still holds it.
    expect(await store.acquireLock('build-ubuntu', holder ?? '', async () => false)).toEqual({ acquired: true });

    const next = aRun();
    const asked: string[] = [];
    expect(await store.acquireLock('build-ubuntu', next.runId, async (h) => (asked.push(h), true))).toEqual({ acquired: true });
    expect(asked).toEqual([holder]);
    // Releasing with the old holder's ID leaves the new holder alone; its own release frees the key.
    await store.releaseLock('build-ubuntu', holder ?? '');
    expect(await store.readLock('build-ubuntu')).toBe(next.runId);
    await store.releaseLock('build-ubuntu', next.runId);
    await store.releaseLock('build-ubuntu', next.runId);
    expect(await store.readLock('build-ubuntu')).toBeNull();
  });

  it('of two claimants that both judge the holder gone, exactly one takes the lock over', async () => {
    const store = aStore();
    const gone = aRun();
    await store.acquireLock('prune-ubuntu', gone.runId, async () => false);
    const rivals = Array.from({ length: 10 }, () => aRun());
    const outcomes = await Promise.all(rivals.map((run) => store.acquireLock('prune-ubuntu', run.runId, async (h) => h === gone.runId)));
    expect(outcomes.filter((o) => o.acquired)).toHaveLength(1);
  });

  it('keeps a build log beside its run: saved, replaced, read back whole; none for a run without one', async () => {
    const store = aStore();
    const run = aRun();
    await store.create(run);
    expect(await store.readLog(run.runId)).toBeNull();
    const big = 'ü'.repeat(2048);
    const steps = Array.from({ length: 12 }, (_, i) => ({ step: `step-${i}`, exitCode: i === 11 ? 3 : 0, outputTail: `${big}${i}`, errorTail: i === 11 ? 'failed' : '' }));
    await store.saveLog(run.runId, steps.slice(0, 2));
    await store.saveLog(run.runId, steps);
    expect(await store.readLog(run.runId)).toEqual(steps);
    expect(await store.readLog('not a run id')).toBeNull();
  });

  it('purges finished runs created before the cutoff, oldest first and at most `max`, never a running one', async () => {
    const store = aStore();
    const old = [0, 1, 2].map((d) => aRun({ at: new Date(Date.UTC(2026, 7, 1 + d)), status: 'Completed' }));
    const oldRunning = aRun({ at: new Date(Date.UTC(2026, 7, 5)), status: 'Running' });
    const recent = aRun({ at: new Date(Date.UTC(2026, 10, 20)), status: 'Failed' });
    for (const run of [...old, oldRunning, recent]) await store.create(run);
    await store.saveLog(old[0]?.runId ?? '', [{ step: 's', exitCode: 0, outputTail: 'x', errorTail: '' }]);
    const cutoff = new Date(Date.UTC(2026, 9, 1));
    expect(await store.purgeFinishedBefore(cutoff, 2)).toEqual([old[0]?.runId, old[1]?.runId]);
    expect(await store.purgeFinishedBefore(cutoff, 10)).toEqual([old[2]?.runId]);
    expect(await store.readLog(old[0]?.runId ?? '')).toBeNull();
    expect((await store.list({}, 10)).runs.map((r) => r.runId)).toEqual([recent.runId, oldRunning.runId]);
  });
});
