import type { TableClient, TableEntityResult } from '@azure/data-tables';
import type { StepTails } from '../../domain/outputTail';
import { isRunSortKey, runSortKey } from '../../domain/runs/runIds';
import { isFinishedRunStatus, isRunKind, isRunStatus, type RunRecord, type RunUpdate } from '../../domain/runs/runRecord';
import { PortError } from '../../ports/portError';
import type { LockOutcome, RunFilter, RunPage, RunStore } from '../../ports/runStore';
import { toPortError } from './toPortError';

/*
 * One table, two partitions: `run` keyed by runSortKey (newest first in key order, so a page is a range read) and
 * `lock` keyed by lock key. Entities are flat: Table properties are scalars, and flat columns can be filtered on.
 */
const RUN = 'run';
const LOCK = 'lock';
/** A build's customization log: one entity per run, one property per step (a Table string property holds 64 KiB). */
const LOG = 'log';

type Entity = Record<string, unknown>;

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : undefined;
}

function keyOf(runId: string): string {
  const key = runSortKey(runId);
  if (key === null) throw new PortError('BAD_REQUEST', `run store: ${JSON.stringify(runId.slice(0, 120))} is not a run ID`);
  return key;
}

function text(entity: Entity, name: string): string | undefined {
  const value = entity[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function toEntity(run: RunRecord): Entity & { partitionKey: string; rowKey: string } {
  return {
    partitionKey: RUN,
    rowKey: keyOf(run.runId),
    runId: run.runId,
    kind: run.kind,
    image: '',
    imageKey: '',
    trigger: run.trigger,
    reason: run.reason ?? '',
    requestedByName: run.requestedBy?.name ?? '',
    requestedByObjectId: run.requestedBy?.objectId ?? '',
    status: run.status,
    createdAt: run.createdAt,
    parentRunId: run.parentRunId ?? '',
    subject: run.subject ?? '',
    // ARM names are case-insensitive, so the filter column `imageKey` is lower-cased; `image` keeps the catalog's spelling.
    ...updateColumns({ image: run.image, endedAt: run.endedAt, version: run.version, error: run.error, cancelRequestedAt: run.cancelRequestedAt }),
  };
}

function updateColumns(update: RunUpdate): Entity {
  const columns: Entity = {};
  if (update.status !== undefined) columns['status'] = update.status;
  if (update.endedAt !== undefined) columns['endedAt'] = update.endedAt;
  if (update.version !== undefined) columns['version'] = update.version;
  if (update.cancelRequestedAt !== undefined) columns['cancelRequestedAt'] = update.cancelRequestedAt;
  if (update.image !== undefined) {
    columns['image'] = update.image;
    columns['imageKey'] = update.image.toLowerCase();
  }
  if (update.error !== undefined) {
    columns['errorCode'] = update.error.code;
    columns['errorMessage'] = update.error.message.slice(0, 4000);
    columns['errorStep'] = update.error.step ?? '';
  }
  return columns;
}

function fromEntity(entity: Entity): RunRecord {
  const kind = text(entity, 'kind') ?? '';
  const status = text(entity, 'status') ?? '';
  const trigger = text(entity, 'trigger');
  const run: RunRecord = {
    runId: text(entity, 'runId') ?? '',
    kind: isRunKind(kind) ? kind : 'build',
    trigger: trigger === 'schedule' || trigger === 'event' ? trigger : 'http',
    status: isRunStatus(status) ? status : 'Pending',
    createdAt: text(entity, 'createdAt') ?? '',
  };
  const optional: Array<[keyof RunRecord & string, string | undefined]> = [
    ['image', text(entity, 'image')],
    ['reason', text(entity, 'reason')],
    ['endedAt', text(entity, 'endedAt')],
    ['version', text(entity, 'version')],
    ['parentRunId', text(entity, 'parentRunId')],
    ['subject', text(entity, 'subject')],
    ['cancelRequestedAt', text(entity, 'cancelRequestedAt')],
  ];
  for (const [name, value] of optional) if (value !== undefined) Object.assign(run, { [name]: value });
  const requestedBy = text(entity, 'requestedByName');
  if (requestedBy !== undefined) {
    const objectId = text(entity, 'requestedByObjectId');
    run.requestedBy = objectId === undefined ? { name: requestedBy } : { name: requestedBy, objectId };
  }
  const code = text(entity, 'errorCode');
  if (code !== undefined) {
    const step = text(entity, 'errorStep');
    run.error = { code, message: text(entity, 'errorMessage') ?? '', ...(step === undefined ? {} : { step }) };
  }
  return run;
}

// OData string literals double their quotes; every value reaching a filter passes through here.
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function filterFor(filter: RunFilter, afterKey: string | undefined): string {
  const clauses = [`PartitionKey eq ${literal(RUN)}`];
  if (afterKey !== undefined) clauses.push(`RowKey gt ${literal(afterKey)}`);
  if (filter.image !== undefined) clauses.push(`imageKey eq ${literal(filter.image.toLowerCase())}`);
  if (filter.kind !== undefined) clauses.push(`kind eq ${literal(filter.kind)}`);
  if (filter.statuses !== undefined && filter.statuses.length > 0) clauses.push(`(${filter.statuses.map((s) => `status eq ${literal(s)}`).join(' or ')})`);
  if (filter.parentRunId !== undefined) clauses.push(`parentRunId eq ${literal(filter.parentRunId)}`);
  return clauses.join(' and ');
}

// The continuation is the sort key of the last run returned: pages stay stable while new runs are added in front.
function encodeNext(rowKey: string): string {
  return Buffer.from(rowKey, 'utf8').toString('base64url');
}

function decodeNext(next: string): string {
  const rowKey = Buffer.from(next, 'base64url').toString('utf8');
  if (!isRunSortKey(rowKey)) throw new PortError('BAD_REQUEST', 'run store: the continuation was not given by this API');
  return rowKey;
}

/** `clientOf` is called on first use, so an app start that reads no runs loads no Table SDK. */
export function createTableRunStore(clientOf: () => TableClient): RunStore {
  let made: TableClient | undefined;
  const table = (): TableClient => (made ??= clientOf());
  let tableReady: Promise<void> | undefined;
  // Created on first use, once per process: createTable answers 409 (ignored by the SDK) when it exists already.
  const ready = (): Promise<void> => (tableReady ??= table().createTable().catch((error: unknown) => {
    tableReady = undefined;
    throw toPortError(error, 'run store: create table');
  }));

  async function call<T>(what: string, action: () => Promise<T>): Promise<T> {
    await ready();
    try {
      return await action();
    } catch (error) {
      throw toPortError(error, `run store: ${what}`);
    }
  }

  async function readLockEntity(key: string): Promise<TableEntityResult<Entity> | null> {
    try {
      return await table().getEntity<Entity>(LOCK, key);
    } catch (error) {
      if (statusOf(error) === 404) return null;
      throw error;
    }
  }

  return {
    async create(run) {
      await call(`create ${run.runId}`, async () => {
        try {
          await table().createEntity(toEntity(run));
        } catch (error) {
          if (statusOf(error) !== 409) throw error;
        }
      });
    },

    async get(runId) {
      const rowKey = runSortKey(runId);
      if (rowKey === null) return null;
      return call(`read ${runId}`, async () => {
        try {
          return fromEntity(await table().getEntity<Entity>(RUN, rowKey));
        } catch (error) {
          if (statusOf(error) === 404) return null;
          throw error;
        }
      });
    },

    async update(runId, update) {
      const rowKey = keyOf(runId);
      await call(`update ${runId}`, async () => {
        try {
          // Merge without an ETag: every writer sets the fields it owns, so the last write of a field wins.
          await table().updateEntity({ partitionKey: RUN, rowKey, ...updateColumns(update) }, 'Merge');
        } catch (error) {
          if (statusOf(error) === 404) throw new PortError('NOT_FOUND', `run store: no run ${runId}`);
          throw error;
        }
      });
    },

    async list(filter, top, after): Promise<RunPage> {
      const afterKey = after === undefined ? undefined : decodeNext(after);
      return call('list runs', async () => {
        const runs: RunRecord[] = [];
        const pages = table().listEntities<Entity>({ queryOptions: { filter: filterFor(filter, afterKey) } }).byPage({ maxPageSize: Math.min(top + 1, 1000) });
        // One more than asked tells whether a next page exists without a second round trip.
        for await (const page of pages) {
          for (const entity of page) {
            runs.push(fromEntity(entity));
            if (runs.length > top) {
              const shown = runs.slice(0, top);
              const last = shown[shown.length - 1];
              return { runs: shown, ...(last === undefined ? {} : { next: encodeNext(keyOf(last.runId)) }) };
            }
          }
        }
        return { runs };
      });
    },

    async acquireLock(key, runId, mayReplace): Promise<LockOutcome> {
      return call(`lock ${key}`, async () => {
        for (let attempt = 0; attempt < 5; attempt++) {
          const existing = await readLockEntity(key);
          if (existing === null) {
            try {
              await table().createEntity({ partitionKey: LOCK, rowKey: key, holder: runId });
              return { acquired: true };
            } catch (error) {
              if (statusOf(error) === 409) continue;
              throw error;
            }
          }
          const holder = typeof existing['holder'] === 'string' ? existing['holder'] : '';
          if (holder === runId) return { acquired: true };
          if (!(await mayReplace(holder))) return { acquired: false, holder };
          try {
            // The ETag makes the swap atomic: of two callers that both judged the holder gone, one wins.
            await table().updateEntity({ partitionKey: LOCK, rowKey: key, holder: runId }, 'Replace', { etag: existing.etag });
            return { acquired: true };
          } catch (error) {
            if (statusOf(error) === 412 || statusOf(error) === 404) continue;
            throw error;
          }
        }
        const holder = await readLockEntity(key);
        return { acquired: false, holder: typeof holder?.['holder'] === 'string' ? holder['holder'] : '' };
      });
    },

    async readLock(key) {
      return call(`read lock ${key}`, async () => {
        const existing = await readLockEntity(key);
        return typeof existing?.['holder'] === 'string' ? existing['holder'] : null;
      });
    },

    async releaseLock(key, runId) {
      await call(`release ${key}`, async () => {
        const existing = await readLockEntity(key);
        if (existing === null || existing['holder'] !== runId) return;
        try {
          await table().deleteEntity(LOCK, key, { etag: existing.etag });
        } catch (error) {
          // 412: taken over meanwhile (the new holder keeps it); 404: released by a retry of this call.
          if (statusOf(error) !== 412 && statusOf(error) !== 404) throw error;
        }
      });
    },

    async saveLog(runId, steps) {
      const rowKey = keyOf(runId);
      const columns = Object.fromEntries(steps.map((step, i) => [`step${String(i).padStart(3, '0')}`, JSON.stringify(step)]));
      await call(`save the log of ${runId}`, () => table().upsertEntity({ partitionKey: LOG, rowKey, steps: steps.length, ...columns }, 'Replace'));
    },

    async readLog(runId) {
      const rowKey = runSortKey(runId);
      if (rowKey === null) return null;
      return call(`read the log of ${runId}`, async () => {
        let entity: Entity;
        try {
          entity = await table().getEntity<Entity>(LOG, rowKey);
        } catch (error) {
          if (statusOf(error) === 404) return null;
          throw error;
        }
        const count = typeof entity['steps'] === 'number' ? entity['steps'] : 0;
        const steps: StepTails[] = [];
        for (let i = 0; i < count; i++) {
          const text = entity[`step${String(i).padStart(3, '0')}`];
          if (typeof text === 'string') steps.push(JSON.parse(text) as StepTails);
        }
        return steps;
      });
    },

    async purgeFinishedBefore(cutoff, max) {
      return call('purge runs', async () => {
        const filter = `PartitionKey eq ${literal(RUN)} and createdAt lt ${literal(cutoff.toISOString())}`;
        const old: Array<{ rowKey: string; runId: string }> = [];
        for await (const entity of table().listEntities<Entity>({ queryOptions: { filter } })) {
          const status = text(entity, 'status') ?? '';
          if (isRunStatus(status) && isFinishedRunStatus(status)) old.push({ rowKey: entity.rowKey ?? '', runId: text(entity, 'runId') ?? '' });
        }
        // Key order is newest first: the oldest are at the end.
        const doomed = old.reverse().slice(0, max);
        for (const run of doomed) {
          for (const partition of [LOG, RUN]) {
            try {
              await table().deleteEntity(partition, run.rowKey);
            } catch (error) {
              if (statusOf(error) !== 404) throw error;
            }
          }
        }
        return doomed.map((run) => run.runId);
      });
    },
  };
}
