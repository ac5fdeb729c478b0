/** Every ARM request (polls included, control and token calls excluded), with the RBAC action and scope it needed. */
import type { LinkedAccess } from './context';
import type { RequestKind } from './router';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  apiVersion: string | null;
  status: number;
  durationMs: number;
  /** ISO time on the shared clock. */
  at: string;
  kind: RequestKind | null;
  action: string | null;
  scope: string | null;
  /** Permissions ARM checks on other resources for this request (subnet join, source VM write, …). */
  linked: LinkedAccess[];
}

const MAX_ENTRIES = 10_000;

export class RequestLog {
  private entries: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
