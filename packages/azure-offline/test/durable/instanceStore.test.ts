import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
    expect(readdirSync(join(dir, 'instances')).sort()).toEqual(['capture-0123456789abcdef.json', 'parent%3A0001.json']);
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
});
