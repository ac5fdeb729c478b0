import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { EventType, historyEvent } from '../../src/host/durable/historyEvent';
import type { InstanceRecord } from '../../src/host/durable/instanceRecord';
import { InstanceStore } from '../../src/host/durable/instanceStore';

const dirs: string[] = [];
function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'durable-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function aRecord(overrides: Partial<InstanceRecord> = {}): InstanceRecord {
  return {
    instanceId: 'capture-0123456789abcdef',
    name: 'capture',
    runtimeStatus: 'Running',
    createdTime: '2026-03-01T08:00:00.000Z',
    lastUpdatedTime: '2026-03-01T08:00:00.000Z',
    executionId: 'e1',
    input: '{"vmId":"/subscriptions/s/vm"}',
    history: [],
    actionIds: [0, null],
    nextSequence: 1,
    openTasks: { '0': { kind: 'timer', fireAt: '2026-03-01T08:10:00.000Z', rootId: 0 } },
    retryGroups: {},
    inbox: [],
    ...overrides,
  };
}

describe('InstanceStore', () => {
  it('round-trips instances through the state folder, one file each, without leftovers', () => {
    const dir = stateDir();
    const first = new InstanceStore(dir);
    first.save(aRecord());
    first.save(aRecord({ instanceId: 'parent:0001', runtimeStatus: 'Completed' }));
    first.save(aRecord({ nextSequence: 2 }));
    const second = new InstanceStore(dir);
    second.load(() => undefined);
    expect(second.get('capture-0123456789abcdef')).toEqual(aRecord({ nextSequence: 2 }));
    expect(second.get('parent:0001')?.runtimeStatus).toBe('Completed');
    expect(readdirSync(join(dir, 'instances')).sort()).toEqual(['capture-0123456789abcdef.jsonl', 'parent%3A0001.jsonl']);
  });

  it('skips an unreadable file with a message naming it, and removes half-written temporary files', () => {
    const dir = stateDir();
    new InstanceStore(dir).save(aRecord());
    writeFileSync(join(dir, 'instances', 'broken.json'), '{"instanceId": ');
    writeFileSync(join(dir, 'instances', 'x.json.123.0.tmp'), '{');
    const logs: string[] = [];
    const store = new InstanceStore(dir);
    store.load((line) => logs.push(line));
    expect(store.all().map((r) => r.instanceId)).toEqual(['capture-0123456789abcdef']);
    expect(logs).toEqual([expect.stringMatching(/^durable: skipping unreadable instance file broken\.json: /)]);
    expect(readdirSync(join(dir, 'instances'))).not.toContain('x.json.123.0.tmp');
  });

  it('deletes the file of a purged instance; without a state folder it keeps everything in memory', () => {
    const dir = stateDir();
    const store = new InstanceStore(dir);
    store.save(aRecord());
    expect(store.delete('capture-0123456789abcdef')).toBe(true);
    expect(readdirSync(join(dir, 'instances'))).toEqual([]);
    expect(store.delete('capture-0123456789abcdef')).toBe(false);
    const memory = new InstanceStore(undefined);
    memory.save(aRecord());
    expect(memory.all()).toHaveLength(1);
  });

  const logOf = (dir: string, id = 'capture-0123456789abcdef') => readFileSync(join(dir, 'instances', `${encodeURIComponent(id)}.jsonl`), 'utf8');
  const reloaded = (dir: string, log: (line: string) => void = () => undefined) => {
    const store = new InstanceStore(dir);
    store.load(log);
    return store;
  };
  const completed = (id: number) => historyEvent(EventType.TaskCompleted, new Date('2026-03-01T08:01:00.000Z'), { TaskScheduledId: id, Result: '1' });

  it('appends what a save changed instead of rewriting the instance', () => {
    const dir = stateDir();
    const store = new InstanceStore(dir);
    const record = aRecord({ customStatus: '"waiting"', retryGroups: { '0': { options: { firstRetryIntervalInMilliseconds: 1, maxNumberOfAttempts: 3 }, failures: 0, target: { kind: 'activity', name: 'a' } } } });
    store.save(record);
    const first = logOf(dir);
    record.history = [...record.history, completed(0)];
    record.actionIds.push(1);
    record.openTasks = { '1': { kind: 'call', target: { kind: 'activity', name: 'a' } } };
    const group = record.retryGroups['0'];
    if (group) group.failures++;
    record.output = '"done"';
    delete record.customStatus;
    store.save(record);
    store.save(record);
    const after = logOf(dir);
    expect(after.startsWith(first)).toBe(true);
    expect(after.slice(first.length).split('\n').filter(Boolean)).toHaveLength(1);
    expect(reloaded(dir).get(record.instanceId)).toEqual(record);
  });

  it('ignores a torn last line (a save killed mid-write) and keeps appending cleanly after it', () => {
    const dir = stateDir();
    const store = new InstanceStore(dir);
    const record = aRecord();
    store.save(record);
    record.history = [completed(0)];
    store.save(record);
    const acknowledged = structuredClone(record);
    appendFileSync(join(dir, 'instances', 'capture-0123456789abcdef.jsonl'), '{"events":[{"EventType":4,"Ti');
    const logs: string[] = [];
    const second = reloaded(dir, (line) => logs.push(line));
    const loaded = second.get(record.instanceId);
    expect(loaded).toEqual(acknowledged);
    expect(logs).toEqual([expect.stringMatching(/torn last line of capture-0123456789abcdef\.jsonl/)]);
    if (!loaded) return;
    loaded.history = [...loaded.history, completed(1)];
    second.save(loaded);
    expect(reloaded(dir).get(record.instanceId)).toEqual(loaded);
  });

  it('compacts a log that has outgrown its snapshot into one line', () => {
    const dir = stateDir();
    const store = new InstanceStore(dir);
    const record = aRecord();
    store.save(record);
    const big = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 12; i++) {
      record.history = [...record.history, historyEvent(EventType.EventRaised, new Date('2026-03-01T08:02:00.000Z'), { Name: `e${i}`, Input: JSON.stringify(big) })];
      store.save(record);
    }
    expect(logOf(dir).split('\n').filter(Boolean).length).toBeLessThan(12);
    expect(reloaded(dir).get(record.instanceId)).toEqual(record);
  });

  it('reads a one-document file of an earlier version and turns it into a log at the next save', () => {
    const dir = stateDir();
    new InstanceStore(dir);
    writeFileSync(join(dir, 'instances', 'capture-0123456789abcdef.json'), JSON.stringify(aRecord()));
    const store = reloaded(dir);
    const record = store.get('capture-0123456789abcdef');
    expect(record).toEqual(aRecord());
    if (!record) return;
    record.nextSequence = 5;
    store.save(record);
    expect(readdirSync(join(dir, 'instances'))).toEqual(['capture-0123456789abcdef.jsonl']);
    expect(reloaded(dir).get(record.instanceId)).toEqual(record);
  });

  it('reloads exactly what was last saved, whatever the sequence of changes (property)', () => {
    type Step =
      | { kind: 'event' }
      | { kind: 'open'; id: number }
      | { kind: 'close'; id: number }
      | { kind: 'status'; status: 'Running' | 'Completed' }
      | { kind: 'output'; value: string | undefined }
      | { kind: 'inbox'; count: number }
      | { kind: 'newExecution' }
      | { kind: 'replaceRecord' };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.constant<Step>({ kind: 'event' }),
      fc.integer({ min: 0, max: 5 }).map<Step>((id) => ({ kind: 'open', id })),
      fc.integer({ min: 0, max: 5 }).map<Step>((id) => ({ kind: 'close', id })),
      fc.constantFrom('Running' as const, 'Completed' as const).map<Step>((status) => ({ kind: 'status', status })),
      fc.option(fc.string(), { nil: undefined }).map<Step>((value) => ({ kind: 'output', value })),
      fc.integer({ min: 0, max: 3 }).map<Step>((count) => ({ kind: 'inbox', count })),
      fc.constant<Step>({ kind: 'newExecution' }),
      fc.constant<Step>({ kind: 'replaceRecord' }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 25 }), (steps) => {
        const dir = stateDir();
        const store = new InstanceStore(dir);
        let record = aRecord();
        store.save(record);
        let n = 0;
        for (const s of steps) {
          if (s.kind === 'event') {
            record.history = [...record.history, completed(n++)];
            record.actionIds.push(n);
          } else if (s.kind === 'open') record.openTasks[String(s.id)] = { kind: 'timer', fireAt: '2026-03-01T09:00:00.000Z', rootId: s.id };
          else if (s.kind === 'close') delete record.openTasks[String(s.id)];
          else if (s.kind === 'status') record.runtimeStatus = s.status;
          else if (s.kind === 'output') {
            if (s.value === undefined) delete record.output;
            else record.output = JSON.stringify(s.value);
          } else if (s.kind === 'inbox') record.inbox = Array.from({ length: s.count }, (_, i) => completed(i));
          else if (s.kind === 'newExecution') {
            record.executionId = `e${n++}`;
            record.history = [];
            record.actionIds = [];
          } else record = aRecord({ createdTime: '2026-03-02T00:00:00.000Z' });
          store.save(record);
        }
        expect(reloaded(dir).get(record.instanceId)).toEqual(record);
      }),
      { numRuns: 60 },
    );
  });
});
