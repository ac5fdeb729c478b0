/**
 * A structured log line: the message as it always read, then ` | ` and its fields as one JSON object
 * (`build … published 1.0.3 | {"event":"Build.Succeeded","image":"web","runId":"build-…"}`). Readable in a terminal,
 * parseable by the host-side telemetry bridge, and escaped like `quoted()`: no value can break the line or forge one.
 */
import { TELEMETRY_FIELDS, type TelemetryField } from './names';

export type LogFieldValue = string | number | boolean | null;
export type LogFields = Partial<Record<TelemetryField, LogFieldValue | undefined>>;

export const FIELDS_SEPARATOR = ' | ';
/** Field values come from outside too (image names, triggers): enough to recognise them, too little to flood a line. */
export const MAX_FIELD_LENGTH = 200;

const KNOWN = new Set<string>(TELEMETRY_FIELDS);

function fieldValue(value: LogFieldValue): LogFieldValue {
  if (typeof value === 'string' && value.length > MAX_FIELD_LENGTH) return `${value.slice(0, MAX_FIELD_LENGTH)}…`;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

/** The fields as they go out: undefined left out, long strings cut, in the order given. */
export function presentFields(fields: LogFields): Record<string, LogFieldValue> {
  const out: Record<string, LogFieldValue> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = fieldValue(value);
  return out;
}

/** `message | {fields}`; the message alone when no field is set. */
export function withFields(message: string, fields: LogFields): string {
  const present = presentFields(fields);
  if (Object.keys(present).length === 0) return message;
  // JSON escapes newlines and control characters; U+2028/U+2029 it leaves alone, and some viewers break lines on them.
  const json = JSON.stringify(present).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return `${message}${FIELDS_SEPARATOR}${json}`;
}

export interface ParsedLine {
  message: string;
  fields: Record<string, LogFieldValue>;
}

function isPrimitive(value: unknown): value is LogFieldValue {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/**
 * The fields of a line written by `withFields`, or undefined for a plain line. The rightmost separator whose rest
 * is a JSON object wins: inside the JSON every quote is escaped, so no separator within a value parses as one.
 * Only known fields with plain values are kept.
 */
export function parseLogLine(line: string): ParsedLine | undefined {
  for (let at = line.lastIndexOf(`${FIELDS_SEPARATOR}{`); at >= 0; at = at === 0 ? -1 : line.lastIndexOf(`${FIELDS_SEPARATOR}{`, at - 1)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line.slice(at + FIELDS_SEPARATOR.length));
    } catch {
      continue;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) continue;
    const fields: Record<string, LogFieldValue> = {};
    for (const [key, value] of Object.entries(parsed)) if (KNOWN.has(key) && isPrimitive(value)) fields[key] = value;
    return { message: line.slice(0, at), fields };
  }
  return undefined;
}
