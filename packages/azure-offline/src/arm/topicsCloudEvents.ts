/**
 * CloudEvents 1.0 structured-mode validation, as far as an Event Grid topic with the CloudEvents input schema checks
 * it: required `specversion` "1.0", `id`, `source`, `type`; optional attributes with their types; `time` RFC 3339;
 * not both `data` and `data_base64`; extension names lower-case alphanumerics. Returns the first problem or null.
 */
import { isObject } from './json';

const REQUIRED = ['id', 'source', 'type'] as const;
const OPTIONAL_STRINGS = ['subject', 'datacontenttype', 'dataschema', 'data_base64'] as const;
const KNOWN = new Set<string>(['specversion', 'data', 'time', ...REQUIRED, ...OPTIONAL_STRINGS]);
// RFC 3339 date-time, with a fraction of any length and Z or an offset.
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

export function cloudEventProblem(event: unknown, index: number): string | null {
  const at = `event ${index}`;
  if (!isObject(event)) return `${at}: must be a JSON object`;
  if (event.specversion !== '1.0') return `${at}: 'specversion' must be "1.0"`;
  for (const name of REQUIRED) {
    const value = event[name];
    if (typeof value !== 'string' || value === '') return `${at}: '${name}' is required and must be a non-empty string`;
  }
  for (const name of OPTIONAL_STRINGS) {
    if (event[name] !== undefined && typeof event[name] !== 'string') return `${at}: '${name}' must be a string`;
  }
  const time = event.time;
  if (time !== undefined && (typeof time !== 'string' || !RFC3339.test(time) || Number.isNaN(Date.parse(time)))) {
    return `${at}: 'time' must be an RFC 3339 timestamp`;
  }
  if (event.data !== undefined && event.data_base64 !== undefined) return `${at}: 'data' and 'data_base64' are mutually exclusive`;
  const badExtension = Object.keys(event).find((name) => !KNOWN.has(name) && !/^[a-z0-9]{1,20}$/.test(name));
  if (badExtension !== undefined) return `${at}: extension attribute '${badExtension}' must be 1-20 lower-case letters or digits`;
  return null;
}
