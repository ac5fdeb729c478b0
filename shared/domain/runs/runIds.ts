import type { RunKind } from './runRecord';

/**
 * Run IDs are Durable instance IDs too (lower-case, ≤ 100 characters, none of `/ \ # ?`), and they sort and date
 * themselves: `<kind>-[<subject>-]<yyyymmddhhmmss>-<6 hex>`. The creation time inside lets the store key a run for
 * newest-first listing from its ID alone. The tail's first three hex digits are the millisecond (000–3e7), so two
 * runs of one second still sort by when they started; the last three are random and keep them distinct.
 */
export const MAX_RUN_ID_LENGTH = 100;
const TAIL = /-(\d{14})-([0-9a-f]{6})$/;

export class RunIdError extends Error {
  override readonly name = 'RunIdError';
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function utcSecondStamp(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new RunIdError('INVALID_RUN_ID: the run time is not a valid date');
  return `${pad(at.getUTCFullYear(), 4)}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}`;
}

/** `entropy`: hex from a random or replay-safe GUID (dashes allowed); three of its digits end the tail. */
export function newRunId(kind: RunKind, subject: string | null, at: Date, entropy: string): string {
  const random = entropy.replace(/-/g, '').toLowerCase().slice(0, 3);
  if (!/^[0-9a-f]{3}$/.test(random)) throw new RunIdError(`INVALID_RUN_ID: entropy must hold 3 hex digits, got ${JSON.stringify(entropy)}`);
  const stamp = utcSecondStamp(at);
  const end = `-${stamp}-${at.getUTCMilliseconds().toString(16).padStart(3, '0')}${random}`;
  // Image names reach 80 characters; the subject is cut so the ID stays ≤ 100 (the record keeps the full name).
  const room = MAX_RUN_ID_LENGTH - kind.length - end.length - 1;
  const cleaned = subject === null ? '' : subject.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, room).replace(/[-.]+$/, '');
  return cleaned === '' ? `${kind}${end}` : `${kind}-${cleaned}${end}`;
}

export function isRunId(value: string): boolean {
  return value.length <= MAX_RUN_ID_LENGTH && value === value.toLowerCase() && !/[/\\#?\s]/.test(value) && TAIL.test(value);
}

/** Maps each digit d to 9-d, so ascending order of the result is newest-first order of the stamps. */
function invertDigits(stamp: string): string {
  return [...stamp].map((d) => String(9 - Number(d))).join('');
}

/** The millisecond in a tail; a tail whose first digits are no millisecond (not made by newRunId) counts as 0. */
function millisecondOf(tail: string): number {
  const ms = Number.parseInt(tail.slice(0, 3), 16);
  return ms <= 999 ? ms : 0;
}

/** The store's sort key of a run: newest first to the millisecond, then by ID. Null for a string that is not a run ID. */
export function runSortKey(runId: string): string | null {
  if (!isRunId(runId)) return null;
  const match = TAIL.exec(runId);
  if (!match) return null;
  const ms = String(999 - millisecondOf(match[2] ?? '')).padStart(3, '0');
  return `${invertDigits(match[1] ?? '')}${ms}-${runId}`;
}

/** Whether `key` is the sort key of some run ID (the store checks continuations it is handed with it). */
export function isRunSortKey(key: string): boolean {
  const runId = /^\d{17}-(.+)$/.exec(key)?.[1];
  return runId !== undefined && runSortKey(runId) === key;
}

/** When a run was created (to the millisecond), read from its ID; null for a string that is not a run ID. */
export function runIdTime(runId: string): Date | null {
  const match = isRunId(runId) ? TAIL.exec(runId) : null;
  const stamp = match?.[1];
  if (stamp === undefined) return null;
  const ms = millisecondOf(match?.[2] ?? '');
  const at = Date.UTC(Number(stamp.slice(0, 4)), Number(stamp.slice(4, 6)) - 1, Number(stamp.slice(6, 8)), Number(stamp.slice(8, 10)), Number(stamp.slice(10, 12)), Number(stamp.slice(12, 14)), ms);
  return Number.isNaN(at) ? null : new Date(at);
}
