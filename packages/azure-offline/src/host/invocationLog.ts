import type { CoreLogLevel } from './coreApiTypes';

export interface InvocationRecord {
  id: string;
  functionName: string;
  reason: string;
  status: 'running' | 'succeeded' | 'failed';
  /** The function's own log lines (context.log / warn / error …), message text only. */
  logs: string[];
  error?: string;
  durationMs?: number;
}

/** Long local runs invoke thousands of activities; tests only look at recent ones. */
const MAX_RECORDS = 5000;

/**
 * Prints invocation lines in the real host's shape (`Executing 'Functions.x' (Reason=…, Id=…)` / `Executed …`) and
 * keeps each invocation's own lines so tests can assert on them without scraping the console.
 */
export class InvocationLog {
  readonly #records: InvocationRecord[] = [];
  readonly #write: (line: string) => void;

  constructor(write: (line: string) => void) {
    this.#write = write;
  }

  line(message: string): void {
    this.#write(`[${new Date().toISOString()}] ${message}`);
  }

  begin(functionName: string, id: string, reason: string): InvocationRecord {
    const record: InvocationRecord = { id, functionName, reason, status: 'running', logs: [] };
    this.#records.push(record);
    if (this.#records.length > MAX_RECORDS) this.#records.splice(0, this.#records.length - MAX_RECORDS);
    this.line(`Executing 'Functions.${functionName}' (Reason='${reason}', Id=${id})`);
    return record;
  }

  userLog(record: InvocationRecord, level: CoreLogLevel, message: string): void {
    record.logs.push(message);
    const prefix = level === 'warning' || level === 'error' || level === 'critical' ? `${level}: ` : '';
    this.line(`${prefix}${message}`);
  }

  end(record: InvocationRecord, durationMs: number, error?: unknown): void {
    record.durationMs = durationMs;
    const duration = Math.round(durationMs);
    if (error === undefined) {
      record.status = 'succeeded';
      this.line(`Executed 'Functions.${record.functionName}' (Succeeded, Id=${record.id}, Duration=${duration}ms)`);
      return;
    }
    record.status = 'failed';
    record.error = error instanceof Error ? error.message : String(error);
    this.line(`Executed 'Functions.${record.functionName}' (Failed, Id=${record.id}, Duration=${duration}ms)`);
    this.line(`Exception while executing function: Functions.${record.functionName}. Result: Failure Exception: ${record.error}`);
  }

  list(functionName?: string): InvocationRecord[] {
    const wanted = functionName?.toLowerCase();
    return this.#records.filter((r) => wanted === undefined || r.functionName.toLowerCase() === wanted);
  }
}
