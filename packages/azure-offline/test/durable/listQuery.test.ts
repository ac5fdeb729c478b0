import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InstanceRecord, RuntimeStatus } from '../../src/host/durable/instanceRecord';
import { listPage, parseListQuery } from '../../src/host/durable/listQuery';

function aRecord(overrides: Partial<InstanceRecord> = {}): InstanceRecord {
  return {
    instanceId: 'build-ubuntu',
    name: 'build',
    runtimeStatus: 'Running',
    createdTime: '2026-03-01T08:00:00.000Z',
    lastUpdatedTime: '2026-03-01T08:00:00.000Z',
    executionId: 'e1',
    history: [],
    actionIds: [],
    nextSequence: 0,
    openTasks: {},
    retryGroups: {},
    inbox: [],
    ...overrides,
  };
}

const params = (query: string) => new URLSearchParams(query);

describe('parseListQuery', () => {
  it.each([
    ['runtimeStatus=Sleeping', /^runtimeStatus: unknown status 'Sleeping'/],
    ['createdTimeTo=never', /^createdTimeTo: must be an ISO 8601 date-time/],
    ['top=-1', /^top: must be a positive integer/],
    ['top=2.5', /^top: must be a positive integer/],
    ['showInput=yes', /^showInput: must be true or false/],
  ])('rejects %s', (query, message) => {
    expect(() => parseListQuery(params(query), undefined)).toThrow(message);
  });

  it('rejects a continuation token it did not issue', () => {
    expect(() => parseListQuery(params(''), 'bm90LWEtdG9rZW4')).toThrow(/^x-ms-continuation-token: /);
  });

  it.each([
    ['', 3],
    ['runtimeStatus=running', 2],
    ['runtimeStatus=Completed,Running', 3],
    ['instanceIdPrefix=build-', 2],
    ['createdTimeFrom=2026-03-01T09:00:00Z', 1],
    ['createdTimeTo=2026-03-01T08:30:00Z', 2],
  ])('?%s matches %i of the sample', (query, count) => {
    const records = [
      aRecord({ instanceId: 'build-a' }),
      aRecord({ instanceId: 'build-b', createdTime: '2026-03-01T08:10:00.000Z', runtimeStatus: 'Completed' }),
      aRecord({ instanceId: 'prune-a', createdTime: '2026-03-01T10:00:00.000Z' }),
    ];
    expect(listPage(records, parseListQuery(params(query), undefined)).page).toHaveLength(count);
  });
});

describe('listPage', () => {
  const statuses: RuntimeStatus[] = ['Pending', 'Running', 'Completed', 'Failed', 'Terminated'];
  const arbRecords = fc.uniqueArray(
    fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), minute: fc.integer({ min: 0, max: 59 }), status: fc.constantFrom(...statuses) }),
    { selector: (r) => r.id, maxLength: 40 },
  );

  it('pages through every matching instance exactly once, oldest first, whatever the page size', () => {
    fc.assert(
      fc.property(arbRecords, fc.integer({ min: 1, max: 10 }), fc.constantFrom('', 'runtimeStatus=Running,Pending'), (raw, top, filter) => {
        const records = raw.map((r) => aRecord({ instanceId: r.id, runtimeStatus: r.status, createdTime: `2026-03-01T08:${String(r.minute).padStart(2, '0')}:00.000Z` }));
        const all = listPage(records, parseListQuery(params(filter), undefined)).page.map((r) => r.instanceId);
        const seen: string[] = [];
        let token: string | undefined;
        let pages = 0;
        do {
          const { page, next } = listPage(records, parseListQuery(params(`${filter}&top=${top}`), token));
          expect(page.length).toBeLessThanOrEqual(top);
          seen.push(...page.map((r) => r.instanceId));
          token = next;
          pages++;
        } while (token !== undefined && pages < 100);
        expect(seen).toEqual(all);
        const created = seen.map((id) => records.find((r) => r.instanceId === id)?.createdTime ?? '');
        expect([...created].sort()).toEqual(created);
      }),
    );
  });
});
