import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cursorOf, deltaSince, isEmptyDelta, replayLog, type LogCursor, type LogEntry } from './instanceLog';
import type { InstanceRecord } from './instanceRecord';

/** A log is rewritten as one snapshot once it outgrows twice the last snapshot by this much. */
const compactSlackBytes = 256 * 1024;

interface LogState {
  cursor: LogCursor;
  bytes: number;
  snapshotBytes: number;
}

/**
 * Instances in memory, mirrored to one append-only JSON-lines log per instance when a state folder is given: a save
 * appends what changed since the previous one (instanceLog.ts), so an episode costs what it adds, not the whole
 * history again. A host killed mid-append leaves a torn last line, which loading ignores (that save never returned);
 * compaction writes a single snapshot line to a temporary file renamed over the log, so it is all or nothing.
 */
export class InstanceStore {
  readonly #instances = new Map<string, InstanceRecord>();
  readonly #logs = new Map<string, LogState>();
  readonly #dir: string | undefined;
  #tmpCounter = 0;

  constructor(stateDir: string | undefined) {
    this.#dir = stateDir === undefined ? undefined : join(stateDir, 'instances');
    if (this.#dir !== undefined) mkdirSync(this.#dir, { recursive: true });
  }

  /**
   * Reads every persisted instance; a corrupt file is reported and skipped rather than stopping the host. One-document
   * `.json` files of earlier versions are read too and become logs at their next save.
   */
  load(log: (message: string) => void): void {
    const dir = this.#dir;
    if (dir === undefined) return;
    // `x.json` sorts before `x.jsonl`, so a log wins over a leftover document of the same instance.
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith('.json') && !file.endsWith('.jsonl')) {
        if (file.includes('.tmp')) rmSync(join(dir, file), { force: true });
        continue;
      }
      try {
        const text = readFileSync(join(dir, file), 'utf8');
        if (file.endsWith('.json')) {
          const record = JSON.parse(text) as InstanceRecord;
          this.#instances.set(record.instanceId, record);
          this.#logs.delete(record.instanceId);
          continue;
        }
        const end = text.lastIndexOf('\n') + 1;
        const record = replayLog(text.slice(0, end).split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as LogEntry));
        this.#instances.set(record.instanceId, record);
        if (end < text.length) {
          log(`durable: ignoring the torn last line of ${file} (its save never completed)`);
          this.#snapshot(record);
        } else {
          const bytes = Buffer.byteLength(text);
          this.#logs.set(record.instanceId, { cursor: cursorOf(record), bytes, snapshotBytes: bytes });
        }
      } catch (error) {
        log(`durable: skipping unreadable instance file ${file}: ${(error as Error).message}`);
      }
    }
  }

  get(instanceId: string): InstanceRecord | undefined {
    return this.#instances.get(instanceId);
  }

  all(): InstanceRecord[] {
    return [...this.#instances.values()];
  }

  save(record: InstanceRecord): void {
    this.#instances.set(record.instanceId, record);
    if (this.#dir === undefined) return;
    const state = this.#logs.get(record.instanceId);
    const delta = state === undefined ? undefined : deltaSince(state.cursor, record);
    if (state === undefined || delta === undefined || state.bytes > 2 * state.snapshotBytes + compactSlackBytes) {
      this.#snapshot(record);
      return;
    }
    if (isEmptyDelta(delta)) return;
    const line = `${JSON.stringify(delta)}\n`;
    appendFileSync(this.#logPath(record.instanceId), line);
    state.bytes += Buffer.byteLength(line);
  }

  delete(instanceId: string): boolean {
    const existed = this.#instances.delete(instanceId);
    this.#logs.delete(instanceId);
    if (this.#dir !== undefined) {
      rmSync(this.#logPath(instanceId), { force: true });
      rmSync(this.#legacyPath(instanceId), { force: true });
    }
    return existed;
  }

  #snapshot(record: InstanceRecord): void {
    const target = this.#logPath(record.instanceId);
    const tmp = `${target}.${process.pid}.${this.#tmpCounter++}.tmp`;
    const line = `${JSON.stringify({ snapshot: record } satisfies LogEntry)}\n`;
    writeFileSync(tmp, line);
    renameSync(tmp, target);
    const bytes = Buffer.byteLength(line);
    if (!this.#logs.has(record.instanceId)) rmSync(this.#legacyPath(record.instanceId), { force: true });
    this.#logs.set(record.instanceId, { cursor: cursorOf(record), bytes, snapshotBytes: bytes });
  }

  #logPath(instanceId: string): string {
    return join(this.#dir ?? '', `${encodeURIComponent(instanceId)}.jsonl`);
  }

  #legacyPath(instanceId: string): string {
    return join(this.#dir ?? '', `${encodeURIComponent(instanceId)}.json`);
  }
}
