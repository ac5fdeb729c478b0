/**
 * Holds the state and, with a folder, keeps it on disk: every mutation marks it dirty and a debounced save writes a
 * temporary file then renames it, so a crash never leaves half a state behind.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { emptyState, key, type ArmState, type ResourceRecord, type ResourceType } from './state';

const FILE_NAME = 'arm-state.json';
const SAVE_DELAY_MS = 25;

export class StateStore {
  state: ArmState;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly stateDir: string | undefined) {
    this.state = stateDir ? loadState(stateDir) : emptyState();
  }

  get<T extends ResourceType>(id: string, type: T): Extract<ResourceRecord, { type: T }> | undefined {
    const found = this.state.resources[key(id)];
    return found && found.type === type ? (found as Extract<ResourceRecord, { type: T }>) : undefined;
  }

  put(record: ResourceRecord): void {
    this.state.resources[key(record.id)] = record;
    this.changed();
  }

  remove(id: string): void {
    delete this.state.resources[key(id)];
    this.changed();
  }

  /** Resources of a type whose ID starts with `parentId/` (children, grandchildren of that type included). */
  under<T extends ResourceType>(parentId: string, type: T): Extract<ResourceRecord, { type: T }>[] {
    const prefix = key(parentId) + '/';
    return Object.entries(this.state.resources)
      .filter(([k, r]) => r.type === type && k.startsWith(prefix))
      .map(([, r]) => r as Extract<ResourceRecord, { type: T }>)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  replace(state: ArmState): void {
    this.state = state;
    this.changed();
  }

  changed(): void {
    if (!this.stateDir || this.timer) return;
    this.timer = setTimeout(() => this.flush(), SAVE_DELAY_MS);
    this.timer.unref();
  }

  /**
   * Called before every answer: ARM never loses a write it acknowledged, so a host killed right after a 201 must
   * find that resource after a restart. The debounce still coalesces the clock-driven changes between requests.
   */
  flushIfDirty(): void {
    if (this.timer) this.flush();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.stateDir) return;
    mkdirSync(this.stateDir, { recursive: true });
    const file = join(this.stateDir, FILE_NAME);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(this.state));
    renameSync(temp, file);
  }
}

function loadState(stateDir: string): ArmState {
  const file = join(stateDir, FILE_NAME);
  if (!existsSync(file)) return emptyState();
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<ArmState>;
  if (parsed.schema !== 1) throw new Error(`${file}: unsupported state schema ${String(parsed.schema)}; delete the folder to start over`);
  return { ...emptyState(), ...parsed };
}
