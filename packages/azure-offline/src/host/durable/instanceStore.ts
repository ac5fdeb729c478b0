import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InstanceRecord } from './instanceRecord';

/**
 * Instances in memory, mirrored to one JSON file per instance when a state folder is given. Writes go to a temporary
 * file renamed over the old one, so a killed host leaves either the previous or the next state, never half of one.
 */
export class InstanceStore {
  readonly #instances = new Map<string, InstanceRecord>();
  readonly #dir: string | undefined;
  #tmpCounter = 0;

  constructor(stateDir: string | undefined) {
    this.#dir = stateDir === undefined ? undefined : join(stateDir, 'instances');
    if (this.#dir !== undefined) mkdirSync(this.#dir, { recursive: true });
  }

  /** Reads every persisted instance; a corrupt file is reported and skipped rather than stopping the host. */
  load(log: (message: string) => void): void {
    if (this.#dir === undefined) return;
    for (const file of readdirSync(this.#dir)) {
      if (!file.endsWith('.json')) {
        if (file.includes('.tmp')) rmSync(join(this.#dir, file), { force: true });
        continue;
      }
      try {
        const record = JSON.parse(readFileSync(join(this.#dir, file), 'utf8')) as InstanceRecord;
        this.#instances.set(record.instanceId, record);
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
    const target = join(this.#dir, `${encodeURIComponent(record.instanceId)}.json`);
    const tmp = `${target}.${process.pid}.${this.#tmpCounter++}.tmp`;
    writeFileSync(tmp, JSON.stringify(record));
    renameSync(tmp, target);
  }

  delete(instanceId: string): boolean {
    const existed = this.#instances.delete(instanceId);
    if (this.#dir !== undefined) rmSync(join(this.#dir, `${encodeURIComponent(instanceId)}.json`), { force: true });
    return existed;
  }
}
