import type { HistoryEvent } from './historyEvent';
import type { InstanceRecord, OpenTask } from './instanceRecord';

/**
 * One line of an instance's append-only log: a whole record, or what changed since the line before. Episodes only
 * ever append to the history and the action ids, so a line carries the new events, the open tasks and retry groups
 * added or removed (null = removed), and the other fields whose value changed — not the whole instance again.
 */
export type LogEntry =
  | { snapshot: InstanceRecord }
  | {
      events?: HistoryEvent[];
      actionIds?: (number | null)[];
      openTasks?: Record<string, OpenTask | null>;
      retryGroups?: Record<string, unknown>;
      set?: Record<string, unknown>;
      unset?: string[];
    };

type Delta = Exclude<LogEntry, { snapshot: InstanceRecord }>;

const appendOnly = new Set(['history', 'actionIds', 'openTasks', 'retryGroups']);

/** What the log already holds for one instance, to tell what a save adds. */
export interface LogCursor {
  record: InstanceRecord;
  executionId: string;
  historyLength: number;
  actionIdsLength: number;
  /** The planner replaces open tasks and never mutates one, so identity tells a changed task. */
  openTasks: Map<string, OpenTask>;
  /** Retry groups count failures in place, so they are compared by their JSON text. */
  retryGroups: Map<string, string>;
  fields: Map<string, string>;
}

export function cursorOf(record: InstanceRecord): LogCursor {
  const fields = new Map<string, string>();
  for (const [key, value] of Object.entries(record)) if (!appendOnly.has(key) && value !== undefined) fields.set(key, JSON.stringify(value));
  return {
    record,
    executionId: record.executionId,
    historyLength: record.history.length,
    actionIdsLength: record.actionIds.length,
    openTasks: new Map(Object.entries(record.openTasks)),
    retryGroups: new Map(Object.entries(record.retryGroups).map(([key, group]) => [key, JSON.stringify(group)])),
    fields,
  };
}

/**
 * The line that takes the log from `cursor` to `record`, or undefined when only a snapshot can (another record under
 * the same ID, a new execution, a history that shrank). The cursor is advanced to `record`.
 */
export function deltaSince(cursor: LogCursor, record: InstanceRecord): Delta | undefined {
  if (
    cursor.record !== record ||
    cursor.executionId !== record.executionId ||
    record.history.length < cursor.historyLength ||
    record.actionIds.length < cursor.actionIdsLength
  )
    return undefined;
  const delta: Delta = {};
  if (record.history.length > cursor.historyLength) delta.events = record.history.slice(cursor.historyLength);
  if (record.actionIds.length > cursor.actionIdsLength) delta.actionIds = record.actionIds.slice(cursor.actionIdsLength);
  cursor.historyLength = record.history.length;
  cursor.actionIdsLength = record.actionIds.length;

  const openTasks: Record<string, OpenTask | null> = {};
  let openChanged = false;
  for (const [key, task] of Object.entries(record.openTasks)) {
    if (cursor.openTasks.get(key) === task) continue;
    openTasks[key] = task;
    cursor.openTasks.set(key, task);
    openChanged = true;
  }
  for (const key of cursor.openTasks.keys()) {
    if (key in record.openTasks) continue;
    openTasks[key] = null;
    cursor.openTasks.delete(key);
    openChanged = true;
  }
  if (openChanged) delta.openTasks = openTasks;

  const retryGroups = diffByText(cursor.retryGroups, record.retryGroups);
  if (retryGroups) delta.retryGroups = retryGroups;

  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (appendOnly.has(key) || value === undefined) continue;
    const text = JSON.stringify(value);
    if (cursor.fields.get(key) === text) continue;
    set[key] = value;
    cursor.fields.set(key, text);
  }
  for (const key of cursor.fields.keys()) {
    if ((record as unknown as Record<string, unknown>)[key] !== undefined) continue;
    unset.push(key);
    cursor.fields.delete(key);
  }
  if (Object.keys(set).length > 0) delta.set = set;
  if (unset.length > 0) delta.unset = unset;
  return delta;
}

function diffByText(seen: Map<string, string>, now: Record<string, unknown>): Record<string, unknown> | undefined {
  const changes: Record<string, unknown> = {};
  let changed = false;
  for (const [key, value] of Object.entries(now)) {
    const text = JSON.stringify(value);
    if (seen.get(key) === text) continue;
    changes[key] = value;
    seen.set(key, text);
    changed = true;
  }
  for (const key of seen.keys()) {
    if (key in now) continue;
    changes[key] = null;
    seen.delete(key);
    changed = true;
  }
  return changed ? changes : undefined;
}

export function isEmptyDelta(delta: Delta): boolean {
  return Object.keys(delta).length === 0;
}

/** Rebuilds a record from its log lines, oldest first; the first line must be a snapshot. */
export function replayLog(entries: LogEntry[]): InstanceRecord {
  const [first, ...rest] = entries;
  if (!first || !('snapshot' in first)) throw new Error('the log does not start with a snapshot');
  const record = first.snapshot;
  const fields = record as unknown as Record<string, unknown>;
  for (const entry of rest) {
    if ('snapshot' in entry) throw new Error('a snapshot after the first line');
    if (entry.events) record.history.push(...entry.events);
    if (entry.actionIds) record.actionIds.push(...entry.actionIds);
    applyKeyed(record.openTasks, entry.openTasks);
    applyKeyed(record.retryGroups as Record<string, unknown>, entry.retryGroups);
    if (entry.set) Object.assign(fields, entry.set);
    for (const key of entry.unset ?? []) delete fields[key];
  }
  return record;
}

function applyKeyed<T>(target: Record<string, T>, changes: Record<string, T | null> | undefined): void {
  for (const [key, value] of Object.entries(changes ?? {})) {
    if (value === null) delete target[key];
    else target[key] = value;
  }
}
