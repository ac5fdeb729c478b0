import type { InstanceRecord, RuntimeStatus } from './instanceRecord';

const runtimeStatuses: readonly RuntimeStatus[] = ['Pending', 'Running', 'Suspended', 'Completed', 'ContinuedAsNew', 'Failed', 'Terminated'];

export interface ListQuery {
  runtimeStatus?: Set<RuntimeStatus>;
  createdTimeFrom?: number;
  createdTimeTo?: number;
  instanceIdPrefix?: string;
  top?: number;
  showInput: boolean;
  /** Sort key of the last item of the previous page. */
  after?: string;
}

export class QueryError extends Error {
  constructor(
    readonly field: string,
    rule: string,
  ) {
    super(`${field}: ${rule}`);
    this.name = 'QueryError';
  }
}

function parseTime(field: string, value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new QueryError(field, `must be an ISO 8601 date-time, got '${value}'`);
  return ms;
}

export function parseBoolean(field: string, value: string | null, fallback: boolean): boolean {
  if (value === null || value === '') return fallback;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw new QueryError(field, `must be true or false, got '${value}'`);
}

/** The listing filters of the extension's HTTP API; every bad value is a QueryError naming the parameter. */
export function parseListQuery(params: URLSearchParams, continuationToken: string | undefined): ListQuery {
  const query: ListQuery = { showInput: parseBoolean('showInput', params.get('showInput'), true) };
  const statuses = params.get('runtimeStatus');
  if (statuses) {
    query.runtimeStatus = new Set();
    for (const raw of statuses.split(',').map((s) => s.trim()).filter((s) => s !== '')) {
      const match = runtimeStatuses.find((s) => s.toLowerCase() === raw.toLowerCase());
      if (!match) throw new QueryError('runtimeStatus', `unknown status '${raw}' (allowed: ${runtimeStatuses.join(', ')})`);
      query.runtimeStatus.add(match);
    }
  }
  const from = parseTime('createdTimeFrom', params.get('createdTimeFrom'));
  const to = parseTime('createdTimeTo', params.get('createdTimeTo'));
  if (from !== undefined) query.createdTimeFrom = from;
  if (to !== undefined) query.createdTimeTo = to;
  const prefix = params.get('instanceIdPrefix');
  if (prefix) query.instanceIdPrefix = prefix;
  const top = params.get('top');
  if (top !== null && top !== '') {
    if (!/^\d+$/.test(top) || Number(top) < 1) throw new QueryError('top', `must be a positive integer, got '${top}'`);
    query.top = Number(top);
  }
  if (continuationToken) {
    try {
      query.after = Buffer.from(continuationToken, 'base64url').toString('utf8');
    } catch {
      throw new QueryError('x-ms-continuation-token', 'is not a token this host issued');
    }
    if (!query.after.includes('\u0000')) throw new QueryError('x-ms-continuation-token', 'is not a token this host issued');
  }
  return query;
}

function sortKey(record: InstanceRecord): string {
  return `${record.createdTime}\u0000${record.instanceId}`;
}

export function matches(record: InstanceRecord, query: ListQuery): boolean {
  const created = Date.parse(record.createdTime);
  if (query.runtimeStatus && !query.runtimeStatus.has(record.runtimeStatus)) return false;
  if (query.createdTimeFrom !== undefined && created < query.createdTimeFrom) return false;
  if (query.createdTimeTo !== undefined && created > query.createdTimeTo) return false;
  if (query.instanceIdPrefix !== undefined && !record.instanceId.startsWith(query.instanceIdPrefix)) return false;
  return true;
}

/** One page, oldest first, and the token for the next page when more remain. */
export function listPage(records: InstanceRecord[], query: ListQuery): { page: InstanceRecord[]; next?: string } {
  const sorted = records
    .filter((r) => matches(r, query))
    .map((r) => ({ r, key: sortKey(r) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .filter(({ key }) => query.after === undefined || key > query.after);
  const size = query.top ?? sorted.length;
  const page = sorted.slice(0, size);
  const last = page[page.length - 1];
  if (sorted.length > size && last) return { page: page.map((p) => p.r), next: Buffer.from(last.key, 'utf8').toString('base64url') };
  return { page: page.map((p) => p.r) };
}
